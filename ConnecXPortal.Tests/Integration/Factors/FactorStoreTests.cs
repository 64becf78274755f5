using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Data.Seeding;
using ConnecXPortal.Web.Features.Factors;
using ConnecXPortal.Web.Features.Factors.RecoveryCodes;
using ConnecXPortal.Web.Features.Notifications;
using ConnecXPortal.Web.Features.Sessions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ConnecXPortal.Tests.Integration.Factors;

/// <summary>The factor rows the portal (and managers' reports) query, and the credentials behind them.</summary>
public sealed class FactorStoreTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task DemoData_HasEveryFactorKind_EachWithItsCredential_AndTheDemoResidentHasNone()
    {
        await using var db = app.CreateDbContext();
        var factors = await db.UserFactors.Include(f => f.User).ToListAsync();

        factors.Select(f => f.Kind).Distinct().Should().BeEquivalentTo(Enum.GetValues<FactorKind>());
        factors.Should().NotContain(f => f.User.Email == DemoAccounts.Resident);
        var authenticatorUsers = factors.Where(f => f.Kind == FactorKind.AuthenticatorApp).Select(f => f.UserId).ToList();
        (await db.UserTokens.Where(t => t.Name == "AuthenticatorKey").Select(t => t.UserId).ToListAsync()).Should().BeEquivalentTo(authenticatorUsers);
        var passkeyIds = factors.Where(f => f.Kind == FactorKind.Passkey).Select(f => Convert.ToBase64String(f.CredentialId!)).ToList();
        (await db.Set<IdentityUserPasskey<Guid>>().ToListAsync()).Select(p => Convert.ToBase64String(p.CredentialId)).Should().BeEquivalentTo(passkeyIds);
        factors.GroupBy(f => f.UserId).Should().OnlyContain(g => g.Count(f => f.IsDefault) == 1);
    }

    [Theory]
    [InlineData("isla.walker06@example.com", "AuthenticatorApp")]
    [InlineData("charlotte.lee02@example.com", "EmailCode")]
    [InlineData("noah.evans03@example.com", "Passkey,EmailCode")]
    [InlineData("amelia.patel04@example.com", "")]
    [InlineData(DemoAccounts.Resident, "")]
    [InlineData(DemoAccounts.Manager, "AuthenticatorApp")]
    [InlineData(DemoAccounts.Support, "AuthenticatorApp")]
    public async Task DemoAccounts_HaveTheFactorsTheReadmeLists(string email, string kinds)
    {
        await using var db = app.CreateDbContext();

        var factors = await db.UserFactors.Where(f => f.User.Email == email).OrderByDescending(f => f.IsDefault).Select(f => f.Kind).ToListAsync();

        string.Join(",", factors).Should().Be(kinds);
    }

    [Fact]
    public async Task DemoStaff_SignInWithThePublishedAuthenticatorKey()
    {
        using var client = app.CreatePortalClient();

        var signedIn = await client.SignInWithAuthenticatorAsync(app, DemoAccounts.SecondManager, DemoDataSeeder.DemoAuthenticatorKey);

        signedIn.Location!.AbsolutePath.Should().Be("/");
    }

    [Fact]
    public async Task SupportReset_RemovesEveryFactorAndCode_EndsSessions_AndEmails()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        await app.AddEmailFactorAsync(email);
        using var client = app.CreatePortalClient();
        await client.SignInWithAuthenticatorAsync(app, email, key);

        await app.WithScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<PortalUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            await services.GetRequiredService<UserRecoveryCodes>().IssueAsync(user, notify: false);
            var support = (await users.FindByEmailAsync(DemoAccounts.Support))!;
            await services.GetRequiredService<SecondFactors>().ResetAllAsync(user, support, "Lost phone, identity checked by phone call.",
                services.GetRequiredService<SessionRevocation>());
        });

        await using var db = app.CreateDbContext();
        var userId = (await db.Users.SingleAsync(u => u.Email == email)).Id;
        (await db.UserFactors.AnyAsync(f => f.UserId == userId)).Should().BeFalse();
        (await db.RecoveryCodes.AnyAsync(c => c.UserId == userId)).Should().BeFalse();
        (await db.UserTokens.AnyAsync(t => t.UserId == userId && t.Name == "AuthenticatorKey")).Should().BeFalse();
        (await db.AuditEvents.SingleAsync(e => e.SubjectId == userId && e.Type == AuditEventTypes.FactorsReset)).ActorEmail.Should().Be(DemoAccounts.Support);
        app.Emails.CountOf(email, SecurityNotification.FactorsResetTemplate).Should().Be(1);
        app.Clock.Advance(TimeSpan.FromMinutes(31));
        (await client.GetAsync("/")).Location!.AbsolutePath.Should().Be("/account/sign-in");
        (await app.CreatePortalClient().SubmitPasswordAsync(email, DemoAccounts.Password)).Location!.AbsolutePath.Should().Be("/account/setup");
    }

    [Fact]
    public async Task SecurityNotifications_SayWhatChangedAndWhatToDoIfItWasntThem()
    {
        var user = await app.CreateResidentAsync();
        var content = await app.WithScopeAsync(services => Task.FromResult(
            services.GetRequiredService<SecurityNotificationEmails>().Build(SecurityNotification.FactorAdded(FactorKind.Passkey, "Work laptop"), user)));

        content.Template.Should().Be(SecurityNotification.FactorAddedTemplate);
        content.Blocks.OfType<EmailBlock.Paragraph>().Select(p => p.Text).Should().Contain(t => t.Contains("The passkey \"Work laptop\" was added"));
        content.Blocks.OfType<EmailBlock.Note>().Single().Text.Should().StartWith("If this wasn't you");
        content.Blocks.OfType<EmailBlock.Button>().Single().Url.AbsolutePath.Should().Be("/account/security");
    }
}
