using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Features.Audit;
using Microsoft.Extensions.DependencyInjection;

namespace ConnecXPortal.Tests.Integration.Security;

/// <summary>The security page's "Recent security activity": the resident's own last 20 events, in plain words.</summary>
public sealed class SecurityActivityTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task SecurityPage_ListsTheResidentsOwnRecentEvents_InPlainWords_NewestFirst()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        using (var wrong = app.CreatePortalClient())
        {
            await wrong.SubmitPasswordAsync(email, "definitely the wrong one");
        }

        using var client = app.CreatePortalClient();
        await client.SignInWithAuthenticatorAsync(app, email, key);

        var page = await client.GetAsync("/account/security");

        var rows = Rows(page);
        rows.Take(4).Should().Equal(
            "You signed in | Password and authenticator app | 127.0.0.1",
            "A sign-in attempt failed | Wrong password. | 127.0.0.1",
            "New recovery codes were created |  | —",
            "A sign-in method was added | Authenticator app. | —");
        page.Html.Should().NotContain(DemoAccounts.Resident, "nobody else's events are shown");
    }

    [Fact]
    public async Task SecurityPage_ShowsTheLast20_AndNothingStaffOnly()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        var user = await app.CreateDbContext().Users.FindAsync(await app.UserIdAsync(email));
        await app.WithScopeAsync(async services =>
        {
            var audit = services.GetRequiredService<AuditLog>();
            for (var i = 0; i < 25; i++)
            {
                audit.Add(AuditEntry.BySelf(AuditEventTypes.EmailCodeSent, user!) with { Details = $"Code {i}." });
            }

            audit.Add(new AuditEntry(AuditEventTypes.ResidentsExported) { SubjectId = user!.Id, Details = "Staff only." });
            await audit.SaveAsync();
        });
        using var client = app.CreatePortalClient();
        await client.SignInWithAuthenticatorAsync(app, email, key);

        var rows = Rows(await client.GetAsync("/account/security"));

        rows.Should().HaveCount(20);
        rows.Should().NotContain(r => r.Contains("Staff only.", StringComparison.Ordinal));
        rows[0].Should().StartWith("You signed in");
        rows[1].Should().Be("A verification code was emailed to you | Code 24. | —");
    }

    [Fact]
    public async Task WhenSupportRemovedAMethod_TheResidentReadsThatSupportDidIt()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        await app.AddEmailFactorAsync(email);
        var userId = await app.UserIdAsync(email);
        var support = await app.SteppedUpPrincipalAsync(DemoAccounts.Support);
        await using (var db = app.CreateDbContext())
        {
            var factor = db.UserFactors.Single(f => f.UserId == userId && f.Kind == ConnecXPortal.Domain.Factors.FactorKind.EmailCode);
            await app.WithScopeAsync(s => s.GetRequiredService<ConnecXPortal.Web.Features.Support.Users.SupportActions>()
                .RemoveFactorAsync(support, userId, factor.Id, "Resident asked by phone."));
        }

        using var client = app.CreatePortalClient();
        await client.SignInWithAuthenticatorAsync(app, email, key);

        Rows(await client.GetAsync("/account/security")).Should().Contain("connecX support removed a sign-in method | Email code. | —");
    }

    private static List<string> Rows(PortalResponse page) =>
    [
        .. page.Document.QuerySelectorAll("[data-testid=security-activity] tbody tr")
            .Select(r => string.Join(" | ", r.Children.Skip(1).Select(c => c.TextContent.Trim()))),
    ];
}
