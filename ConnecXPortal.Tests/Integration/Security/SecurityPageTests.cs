using System.Net;
using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Factors;
using ConnecXPortal.Web.Features.Notifications;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ConnecXPortal.Tests.Integration.Security;

public sealed class SecurityPageTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task SecurityPage_ListsFactors_WithKindNameAddedLastUsedAndDefault()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        await app.AddEmailFactorAsync(email);
        using var client = app.CreatePortalClient();
        await client.SignInWithAuthenticatorAsync(app, email, key);

        var page = await client.GetAsync("/account/security");

        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Document.QuerySelector("table")!.QuerySelectorAll("thead th").Select(th => th.TextContent).Should().Equal("Method", "Name", "Added", "Last used", "Default");
        var rows = page.Document.QuerySelectorAll("tbody tr").Where(r => r.QuerySelectorAll("td").Length == 5).ToList();
        rows.Select(r => r.QuerySelectorAll("td")[0].TextContent).Should().Equal("Authenticator app", "Email code");
        rows[0].QuerySelectorAll("td")[4].TextContent.Should().Be("Default");
        rows[0].QuerySelectorAll("td")[2].TextContent.Should().Be("1 October 2024");
        page.Html.Should().Contain("You have 10 unused recovery codes", "the first factor came with them");
    }

    [Fact]
    public async Task Changes_NeedASecondFactorWithinFiveMinutes()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        await app.AddEmailFactorAsync(email);
        using var client = app.CreatePortalClient();
        await client.SignInWithAuthenticatorAsync(app, email, key);
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var page = await client.GetAsync("/account/security");
        page.Html.Should().Contain("verify it's you before any change");

        var remove = await SubmitFactorFormAsync(client, page, "remove", FactorKind.EmailCode);

        remove.Location!.PathAndQuery.Should().Be("/account/security/verify?returnUrl=%2Faccount%2Fsecurity");
        var stepUp = await client.GetAsync(remove.Location.PathAndQuery);
        stepUp.Heading.Should().Be("Verify it's you");
        var wrong = await client.SubmitAsync(stepUp, "verify-code", new Dictionary<string, string> { ["Input.Code"] = "123456" });
        wrong.Alerts.Should().ContainSingle().Which.Should().Be(SecondFactorVerifier.WrongCode);
        var verified = await client.SubmitAsync(stepUp, "verify-code", new Dictionary<string, string> { ["Input.Code"] = app.NextTotp(key) });
        verified.Location!.PathAndQuery.Should().Be("/account/security");

        page = await client.GetAsync("/account/security");
        var removed = await SubmitFactorFormAsync(client, page, "remove", FactorKind.EmailCode);

        removed.Location!.PathAndQuery.Should().Be("/account/security?status=factor-removed");
        await using var db = app.CreateDbContext();
        (await db.UserFactors.Where(f => f.User.Email == email).Select(f => f.Kind).ToListAsync()).Should().Equal(FactorKind.AuthenticatorApp);
        app.Emails.CountOf(email, SecurityNotification.FactorRemovedTemplate).Should().Be(1);
        (await db.AuditEvents.CountAsync(e => e.SubjectEmail == email && e.Type == AuditEventTypes.StepUpVerified)).Should().Be(1);
    }

    [Fact]
    public async Task TheLastFactor_CannotBeRemoved_WhileMfaIsMandatory()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        using var client = app.CreatePortalClient();
        await client.SignInWithAuthenticatorAsync(app, email, key);

        var page = await client.GetAsync("/account/security");

        page.Document.QuerySelectorAll("button").Select(b => b.TextContent.Trim()).Should().NotContain("Remove");
        page.Html.Should().Contain("You cannot remove your only sign-in method.");
        var outcome = await app.WithScopeAsync(async services =>
        {
            var user = (await services.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(email))!;
            var factors = services.GetRequiredService<SecondFactors>();
            return await factors.RemoveAsync(user, (await factors.ListAsync(user.Id)).Single().Id);
        });
        outcome.Should().Be(FactorChangeOutcome.LastFactor);
    }

    [Fact]
    public async Task RemovingAFactor_RemovesTheCredentialBehindIt()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        await app.AddEmailFactorAsync(email);
        using var client = app.CreatePortalClient();
        await client.SignInWithAuthenticatorAsync(app, email, key);
        var page = await client.GetAsync("/account/security");
        await SubmitFactorFormAsync(client, page, "default", FactorKind.EmailCode);

        page = await client.GetAsync("/account/security");
        var removed = await SubmitFactorFormAsync(client, page, "remove", FactorKind.AuthenticatorApp);

        removed.Location!.PathAndQuery.Should().Be("/account/security?status=factor-removed");
        await using var db = app.CreateDbContext();
        var userId = (await db.Users.SingleAsync(u => u.Email == email)).Id;
        (await db.UserTokens.AnyAsync(t => t.UserId == userId && t.Name == "AuthenticatorKey")).Should().BeFalse();
        (await db.UserFactors.SingleAsync(f => f.UserId == userId)).Should().Match<UserFactor>(f => f.Kind == FactorKind.EmailCode && f.IsDefault);
        app.Emails.CountOf(email, SecurityNotification.DefaultChangedTemplate).Should().Be(1);
    }

    [Fact]
    public async Task Passkeys_CanBeRenamed_AndRemoved_WithTheirIdentityRecord()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        var credentialId = await AddStoredPasskeyAsync(email, "Chrome on Linux");
        using var client = app.CreatePortalClient();
        await client.SignInWithAuthenticatorAsync(app, email, key);
        var page = await client.GetAsync("/account/security");
        var form = page.Document.QuerySelector("form:has(input[name=NewName])")!;

        var renamed = await client.SubmitAsync(page, form.QuerySelector("input[name=_handler]")!.GetAttribute("value")!,
            new Dictionary<string, string> { ["NewName"] = "  Work   laptop " });

        renamed.Location!.PathAndQuery.Should().Be("/account/security?status=renamed");
        await using (var db = app.CreateDbContext())
        {
            (await db.UserFactors.SingleAsync(f => f.CredentialId == credentialId)).Name.Should().Be("Work laptop");
            (await db.Set<IdentityUserPasskey<Guid>>().SingleAsync(p => p.CredentialId == credentialId)).Data.Name.Should().Be("Work laptop");
        }

        page = await client.GetAsync("/account/security");
        await SubmitFactorFormAsync(client, page, "remove", FactorKind.Passkey);
        await using (var db = app.CreateDbContext())
        {
            (await db.UserFactors.AnyAsync(f => f.CredentialId == credentialId)).Should().BeFalse();
            (await db.Set<IdentityUserPasskey<Guid>>().AnyAsync(p => p.CredentialId == credentialId)).Should().BeFalse();
        }

        app.Emails.CountOf(email, SecurityNotification.PasskeyRenamedTemplate).Should().Be(1);
    }

    [Fact]
    public async Task NewRecoveryCodes_ReplaceTheOldOnes_AndAreEmailedAbout()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        using var client = app.CreatePortalClient();
        await client.SignInWithAuthenticatorAsync(app, email, key);
        var page = await client.GetAsync("/account/security");

        var codes = await client.SubmitAsync(page, "new-codes", new Dictionary<string, string>());

        codes.Document.QuerySelectorAll(".cx-codes li").Should().HaveCount(10);
        app.Emails.CountOf(email, SecurityNotification.RecoveryCodesIssuedTemplate).Should().Be(1);
        (await client.GetAsync("/account/security")).Html.Should().Contain("You have 10 unused recovery codes");
    }

    [Fact]
    public async Task AddingAnotherFactor_GoesThroughTheWizardSteps_WithoutNewRecoveryCodes()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        using var client = app.CreatePortalClient();
        await client.SignInWithAuthenticatorAsync(app, email, key);
        var setup = await client.GetAsync("/account/setup");
        setup.Heading.Should().Be("Add a sign-in method");

        var chosen = await client.SubmitAsync(setup, "choose-method", new Dictionary<string, string> { ["Input.Kind"] = "EmailCode" });
        var page = await client.FollowAsync(chosen);
        var added = await client.SubmitAsync(page, "verify-email", new Dictionary<string, string> { ["Input.Code"] = await app.Emails.WaitForCodeAsync(email) });

        added.Location!.PathAndQuery.Should().Be("/account/security?status=factor-added");
        app.Emails.CountOf(email, SecurityNotification.FirstEnrolmentTemplate).Should().Be(1, "the first factor, when the resident was created");
        app.Emails.CountOf(email, SecurityNotification.FactorAddedTemplate).Should().Be(1);
    }

    [Fact]
    public async Task AddingAKindAlreadyEnrolled_IsNotOffered_AndRefusedWithAMessage()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        using var client = app.CreatePortalClient();
        await client.SignInWithAuthenticatorAsync(app, email, key);
        var setup = await client.GetAsync("/account/setup");
        setup.Document.QuerySelectorAll("input[type=radio]").Select(r => r.GetAttribute("value")).Should().Equal("Passkey", "EmailCode");

        var refused = await client.SubmitAsync(setup, "choose-method", new Dictionary<string, string> { ["Input.Kind"] = "AuthenticatorApp" });

        refused.Alerts.Should().ContainSingle().Which.Should().Be("You already use an authenticator app. Choose another method.");
    }

    [Fact]
    public async Task AddingAFactor_AfterFiveMinutes_AsksForAStepUpFirst()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        using var client = app.CreatePortalClient();
        await client.SignInWithAuthenticatorAsync(app, email, key);
        app.Clock.Advance(TimeSpan.FromMinutes(6));

        var setup = await client.GetAsync("/account/setup");

        setup.Location!.PathAndQuery.Should().Be("/account/security/verify?returnUrl=%2Faccount%2Fsetup");
    }

    [Fact]
    public async Task ChangingThePassword_KeepsThisSession_EndsTheOthers_AndEmails()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        using var other = app.CreatePortalClient();
        await other.SignInWithAuthenticatorAsync(app, email, key);
        using var client = app.CreatePortalClient();
        await client.SignInWithAuthenticatorAsync(app, email, key);
        var page = await client.GetAsync("/account/security/password");

        var tooShort = await client.SubmitAsync(page, "change-password", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = DemoAccounts.Password,
            ["Input.NewPassword"] = "short",
            ["Input.ConfirmPassword"] = "short",
        });
        tooShort.Html.Should().Contain("Use at least 12 characters.");

        var changed = await client.SubmitAsync(page, "change-password", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = DemoAccounts.Password,
            ["Input.NewPassword"] = "a brand new passphrase",
            ["Input.ConfirmPassword"] = "a brand new passphrase",
        });

        changed.Location!.PathAndQuery.Should().Be("/account/security?status=password-changed");
        (await client.GetAsync("/account/security")).StatusCode.Should().Be(HttpStatusCode.OK);
        app.Clock.Advance(TimeSpan.FromMinutes(31));
        (await other.GetAsync("/")).Location!.AbsolutePath.Should().Be("/account/sign-in", "the other session's cookie no longer validates");
        (await client.GetAsync("/")).StatusCode.Should().Be(HttpStatusCode.OK, "this session was re-issued with the new security stamp");
        app.Emails.CountOf(email, SecurityNotification.PasswordChangedTemplate).Should().Be(1);
        using var fresh = app.CreatePortalClient();
        (await fresh.SubmitPasswordAsync(email, "a brand new passphrase")).Location!.AbsolutePath.Should().Be("/account/verify");
    }

    private static async Task<PortalResponse> SubmitFactorFormAsync(PortalClient client, PortalResponse page, string action, FactorKind kind)
    {
        var label = kind == FactorKind.Passkey ? "passkey" : kind.DisplayName().ToLowerInvariant();
        var button = page.Document.QuerySelectorAll("button[aria-label]")
            .First(b => b.GetAttribute("aria-label")!.StartsWith(action switch { "remove" => "Remove: ", "default" => "Make default: ", _ => action }, StringComparison.Ordinal)
                && b.GetAttribute("aria-label")!.Contains(label, StringComparison.Ordinal));
        var formName = button.Closest("form")!.QuerySelector("input[name=_handler]")!.GetAttribute("value")!;
        return await client.SubmitAsync(page, formName, new Dictionary<string, string>());
    }

    private Task<byte[]> AddStoredPasskeyAsync(string email, string name) =>
        app.WithScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<PortalUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            var credentialId = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
            var passkey = new UserPasskeyInfo(credentialId, [0xA5], DateTimeOffset.UtcNow, 0, ["internal"], true, false, false, [], []);
            await services.GetRequiredService<SecondFactors>().AddPasskeyAsync(user, passkey, name);
            return credentialId;
        });
}
