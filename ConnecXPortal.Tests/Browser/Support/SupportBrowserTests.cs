using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Tests.Browser.Pages;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Features.Factors.Totp;
using ConnecXPortal.Web.Features.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConnecXPortal.Tests.Browser.Support;

/// <summary>Support helps a resident back in, in Chromium: the reset journey end to end, and the console's other pages.</summary>
public sealed class SupportBrowserTests(BrowserFixture browser, FastCircuitAfterCutoverAppFactory app)
    : BrowserTest(browser, app), IClassFixture<FastCircuitAfterCutoverAppFactory>
{
    private const string Reason = "Resident phoned: new phone, authenticator app lost.";

    [BrowserFact]
    public async Task Reset_EndsTheResidentsOpenSession_AndTheirNextSignInGoesThroughTheWizard()
    {
        var (email, key) = await App.CreateEnrolledResidentAsync();
        var resident = await NewPageAsync();
        await SignInResidentAsync(resident, email, key);
        await Page.SignInAsync(App, DemoAccounts.Support, "Welcome, Sam");
        await new PortalShell(Page).WaitForInteractiveAsync();
        await Expect(Page.GetByTestId("events-today")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d"));
        await AssertAccessibleAsync(Page);
        var console = new SupportConsolePageObject(Page);

        await console.GotoAsync();
        await AssertAccessibleAsync(Page);
        await console.OpenAsync(email, "Test Resident");
        await AssertAccessibleAsync(Page);
        await console.ResetAsync(email, Reason, "not-the-right-email@example.com");
        await Expect(console.Problem).ToHaveTextAsync($"To confirm, type the user's email address exactly: {email}");
        await Expect(console.ResetReason).ToHaveValueAsync(Reason, new() { Timeout = 5_000 });
        await console.ResetConfirmation(email).FillAsync(email);
        await console.Reset.ClickAsync();

        await Expect(console.ActionStatus).ToHaveTextAsync(
            $"Reset {email}'s sign-in methods (1 removed). Their sessions have ended and we have emailed them; they will set up a new method when they next sign in.");
        await Expect(console.AccountStatus).ToHaveTextAsync("Activated, not enrolled");
        await AssertAccessibleAsync(Page);

        var signIn = new SignInPageObject(resident);
        await Expect(signIn.Status).ToHaveTextAsync(
            "connecX support ended your session. Sign in to continue, or contact support if you did not expect this.");
        await AssertAccessibleAsync(resident);

        await signIn.SignInAsync(email, DemoAccounts.Password);
        var wizard = new WizardPageObject(resident);
        await Expect(wizard.CurrentStep).ToHaveTextAsync("Choose a method");
        await wizard.ChooseAsync("Authenticator app");
        await wizard.ConfirmEmailAsync(await App.Emails.WaitForCodeAsync(email));
        var newKey = (await wizard.AuthenticatorKey.TextContentAsync())!.Replace(" ", "", StringComparison.Ordinal);
        newKey.Should().NotBe(key, "the old key was removed with the reset");
        await wizard.Code.FillAsync(AuthenticatorApp.CodeAt(newKey, App.Clock.GetUtcNow()));
        await wizard.Verify.ClickAsync();
        await wizard.ConfirmRecoveryCodesAsync();
        await wizard.Done.ClickAsync();
        await Expect(new PortalShell(resident).Heading).ToHaveTextAsync("Welcome, Test");
        await resident.GotoAsync("/account/security");
        await Expect(resident.GetByTestId("security-activity")).ToContainTextAsync("connecX support reset your sign-in methods");
        await AssertAccessibleAsync(resident);

        await using var db = App.CreateDbContext();
        var reset = await db.AuditEvents.SingleAsync(e => e.Type == AuditEventTypes.FactorsReset && e.SubjectEmail == email);
        reset.Reason.Should().Be(Reason);
        reset.IpAddress.Should().Be("127.0.0.1", "an action in a live page is audited with the client's address");
    }

    [BrowserFact]
    public async Task AnActionWithoutARecentVerification_AsksForOne_AndKeepsWhatWasTyped()
    {
        var (email, _) = await App.CreateEnrolledResidentAsync();
        await Page.SignInAsync(App, DemoAccounts.Support, "Welcome, Sam");
        App.Clock.Advance(TimeSpan.FromMinutes(6));
        var console = new SupportConsolePageObject(Page);
        await console.GotoAsync();
        await console.OpenAsync(email, "Test Resident");
        await new PortalShell(Page).WaitForInteractiveAsync();

        await console.ResetAsync(email, Reason, email);

        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Verify it's you");
        await AssertAccessibleAsync(Page);
        await new ChallengePageObject(Page).EnterCodeAsync(App.NextTotp(DemoAccounts.AuthenticatorKey));
        await Expect(console.Heading).ToHaveTextAsync("Test Resident");
        await Expect(console.ActionStatus).ToContainTextAsync("You have verified it's you, and what you typed is still here. Select Reset all sign-in methods again");
        await Expect(console.ResetReason).ToHaveValueAsync(Reason);
        await Expect(console.ResetConfirmation(email)).ToHaveValueAsync(email);
        await AssertAccessibleAsync(Page);
        await using (var db = App.CreateDbContext())
        {
            (await db.UserFactors.CountAsync(f => f.User.Email == email)).Should().Be(1, "nothing ran before support pressed the button again");
        }

        await console.Reset.ClickAsync();

        await Expect(console.ActionStatus).ToContainTextAsync($"Reset {email}'s sign-in methods (1 removed).");
    }

    [BrowserFact]
    public async Task SupportsInvitation_WithoutARecentVerification_AsksForOne_AndKeepsTheForm()
    {
        var email = $"invited-{Guid.NewGuid():N}@tests.example.com";
        await Page.SignInAsync(App, DemoAccounts.Support, "Welcome, Sam");
        App.Clock.Advance(TimeSpan.FromMinutes(6));
        await Page.GotoAsync("/manage/invite");
        await new PortalShell(Page).WaitForInteractiveAsync();
        await Page.GetByLabel("First name").FillAsync("Zara");
        await Page.GetByLabel("Last name").FillAsync("Ahmed");
        await Page.GetByLabel("Email").FillAsync(email);
        await Page.GetByLabel("Unit").FillAsync("12C");
        await Page.GetByLabel("Building").ClickAsync();
        await Page.GetByRole(AriaRole.Option, new() { Name = "The Quarry Lofts" }).ClickAsync();

        await Page.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();

        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Verify it's you");
        await new ChallengePageObject(Page).EnterCodeAsync(App.NextTotp(DemoAccounts.AuthenticatorKey));
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Invite a resident");
        await new PortalShell(Page).WaitForInteractiveAsync();
        await Expect(Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "what you typed is still here" })).ToBeVisibleAsync();
        await Expect(Page.GetByLabel("Email")).ToHaveValueAsync(email);
        await Expect(Page.GetByLabel("Last name")).ToHaveValueAsync("Ahmed");
        await AssertAccessibleAsync(Page);
        App.Emails.CountOf(email, ConnecXPortal.Web.Features.Invitations.ResidentInvitations.Template).Should().Be(0);

        await Page.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();

        await Expect(Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Invitation sent" })).ToContainTextAsync($"Invitation sent to {email}.");
        await using var db = App.CreateDbContext();
        (await db.Users.Include(u => u.Building).SingleAsync(u => u.Email == email)).Building!.Name.Should().Be("The Quarry Lofts");
    }

    [BrowserFact]
    public async Task AuditLog_FiltersByWhoItWasAbout_AndIsAccessible()
    {
        var user = await App.CreateResidentAsync();
        using (var wrong = App.CreatePortalClient())
        {
            await wrong.SubmitPasswordAsync(user.Email!, "a wrong password here");
        }

        await Page.SignInAsync(App, DemoAccounts.Support, "Welcome, Sam");
        await Page.GotoAsync(SupportRoutes.AuditLogAbout(user.Email!));
        await new PortalShell(Page).WaitForInteractiveAsync();

        await Expect(Page.GetByTestId("audit-count")).ToHaveTextAsync("1 event matches.");
        await Expect(Page.GetByRole(AriaRole.Row).Filter(new() { HasText = "sign-in.failed" })).ToContainTextAsync("Wrong password.");
        await AssertAccessibleAsync(Page);

        await Page.GetByLabel("About (email)").FillAsync("");
        await Page.GetByLabel("Text in the details, reason, emails or IP address").FillAsync("Wrong password.");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Search the log" }).ClickAsync();
        await Expect(Page.GetByTestId("audit-count")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+ events? match"));
    }

    private async Task SignInResidentAsync(IPage page, string email, string key)
    {
        var signIn = new SignInPageObject(page);
        await signIn.GotoAsync();
        await signIn.SignInAsync(email, DemoAccounts.Password);
        await new ChallengePageObject(page).EnterCodeAsync(App.NextTotp(key));
        var shell = new PortalShell(page);
        await Expect(shell.Heading).ToHaveTextAsync("Welcome, Test");
        await shell.WaitForInteractiveAsync();
    }
}

/// <summary>The portal after the cutover, with live circuits re-checking their session every second.</summary>
public sealed class FastCircuitAfterCutoverAppFactory : PortalAppFactory
{
    public FastCircuitAfterCutoverAppFactory() => WithSetting("Sessions:CircuitRevalidationInterval", "00:00:01");
}
