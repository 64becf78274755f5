using ConnecXPortal.Domain.People;
using ConnecXPortal.Tests.Browser.Pages;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Factors.Totp;
using ConnecXPortal.Web.Features.Invitations;
using ConnecXPortal.Web.Features.Passwords;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConnecXPortal.Tests.Browser.Enrolment;

/// <summary>The three enrolment journeys from an invitation, and the sign-in paths after it, in Chromium.</summary>
public sealed class MfaJourneyTests(BrowserFixture browser, PortalAppFactory app) : BrowserTest(browser, app), IClassFixture<PortalAppFactory>
{
    private const string Password = "a passphrase for the browser";

    [BrowserFact]
    public async Task AuthenticatorApp_FromInvitation_ToSignedIn()
    {
        var (email, link) = await InviteAsync();
        await Page.GotoAsync(link.ToString());
        await ActivateAsync();

        var wizard = new WizardPageObject(Page);
        await Expect(wizard.CurrentStep).ToHaveTextAsync("Choose a method");
        await AssertAccessibleAsync(Page);
        await wizard.ChooseAsync("Authenticator app");
        await Expect(wizard.QrCode).ToBeVisibleAsync();
        await AssertAccessibleAsync(Page);
        var key = (await wizard.AuthenticatorKey.TextContentAsync())!.Replace(" ", "", StringComparison.Ordinal);
        await wizard.Code.FillAsync(AuthenticatorApp.CodeAt(key, App.Clock.GetUtcNow()));
        await wizard.Verify.ClickAsync();
        await Expect(wizard.Heading).ToHaveTextAsync("Save your recovery codes");
        await AssertAccessibleAsync(Page);
        (await wizard.ConfirmRecoveryCodesAsync()).Should().HaveCount(10);
        await AssertAccessibleAsync(Page);
        await wizard.Done.ClickAsync();

        await ExpectHomeAsync();
        (await FactorKindsAsync(email)).Should().Equal("AuthenticatorApp");
    }

    [BrowserFact]
    public async Task ExistingResident_WithOnlyAPassword_TypesTheEmailedCode_BeforeSettingUpAnAuthenticatorApp()
    {
        var email = (await App.CreateResidentAsync()).Email!;
        await SignInWithPasswordAsync(email, DemoAccounts.Password);
        var wizard = new WizardPageObject(Page);
        await Expect(wizard.Heading).ToHaveTextAsync("Protect your account");
        await Expect(Page.GetByText("we first email a code to")).ToBeVisibleAsync();

        await wizard.ChooseAsync("Authenticator app");

        await Expect(wizard.Heading).ToHaveTextAsync("First, confirm it's your email");
        await Expect(wizard.CurrentStep).ToHaveTextAsync("Set it up");
        await AssertAccessibleAsync(Page);
        var message = await App.Emails.WaitForAsync(email, ConnecXPortal.Web.Features.Factors.EmailCode.EmailCodes.Template);
        message.TextBody.Should().Contain("before you set up an authenticator app or a passkey");
        await wizard.Code.FillAsync("000000" == MfaEmails.CodeIn(message) ? "111111" : "000000");
        await wizard.Verify.ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("That code is not right. Check it and try again.");
        await AssertAccessibleAsync(Page);
        await wizard.ConfirmEmailAsync(MfaEmails.CodeIn(message));
        await Expect(wizard.QrCode).ToBeVisibleAsync();
        var key = (await wizard.AuthenticatorKey.TextContentAsync())!.Replace(" ", "", StringComparison.Ordinal);
        await wizard.Code.FillAsync(AuthenticatorApp.CodeAt(key, App.Clock.GetUtcNow()));
        await wizard.Verify.ClickAsync();
        (await wizard.ConfirmRecoveryCodesAsync()).Should().HaveCount(10);
        await wizard.Done.ClickAsync();

        await ExpectHomeAsync();
        (await FactorKindsAsync(email)).Should().Equal("AuthenticatorApp");
        (await App.Emails.WaitForAsync(email, ConnecXPortal.Web.Features.Notifications.SecurityNotification.FirstEnrolmentTemplate))
            .TextBody.Should().Contain("Where: Chrome on Linux");
    }

    [BrowserFact]
    public async Task Passkey_FromInvitation_ToSignedIn_ThenSignsInWithThePasskeyAlone_AndAsTheSecondFactor()
    {
        // WebAuthn needs a domain, not an IP address, as the relying party: this journey runs on localhost.
        var localhost = new UriBuilder(App.ServerAddress) { Host = "localhost" }.Uri;
        await AddVirtualAuthenticatorAsync(Page);
        var (email, link) = await InviteAsync();
        await Page.GotoAsync(new Uri(localhost, link.PathAndQuery).ToString());
        await ActivateAsync();

        var wizard = new WizardPageObject(Page);
        await wizard.ChooseAsync("Passkey");
        await Expect(wizard.PasskeyName).ToHaveValueAsync("Chrome on Linux");
        await AssertAccessibleAsync(Page);
        await wizard.PasskeyName.FillAsync("Test laptop");
        await wizard.CreatePasskey.ClickAsync();
        await wizard.ConfirmRecoveryCodesAsync();
        await wizard.Done.ClickAsync();
        await ExpectHomeAsync();

        await new PortalShell(Page).SignOutAsync();
        var signIn = new SignInPageObject(Page);
        await Expect(signIn.Status).ToHaveTextAsync("You have signed out.");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in with a passkey", Exact = true }).ClickAsync();

        await ExpectHomeAsync();

        await new PortalShell(Page).SignOutAsync();
        await Expect(signIn.Status).ToHaveTextAsync("You have signed out.");
        await signIn.SignInAsync(email, Password);
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Verify it's you");
        await AssertAccessibleAsync(Page);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Verify with your passkey", Exact = true }).ClickAsync();

        await ExpectHomeAsync();
        await using var db = App.CreateDbContext();
        var factor = await db.UserFactors.SingleAsync(f => f.User.Email == email);
        factor.Name.Should().Be("Test laptop");
        (await db.Set<IdentityUserPasskey<Guid>>().SingleAsync(p => p.UserId == factor.UserId)).CredentialId.Should().Equal(factor.CredentialId);
        (await db.AuditEvents.Where(e => e.SubjectEmail == email && e.Type == "sign-in.succeeded").OrderBy(e => e.Id).Select(e => e.Details).ToListAsync())
            .Should().Equal("Password and passkey", "Passkey", "Password and passkey");
    }

    [BrowserFact]
    public async Task EmailCode_FromInvitation_ToSignedIn()
    {
        var (email, link) = await InviteAsync();
        await Page.GotoAsync(link.ToString());
        await ActivateAsync();

        var wizard = new WizardPageObject(Page);
        await wizard.ChooseAsync("Email code");
        await Expect(wizard.Heading).ToHaveTextAsync("Check your email");
        await AssertAccessibleAsync(Page);
        await wizard.Code.FillAsync(await App.Emails.WaitForCodeAsync(email));
        await wizard.Verify.ClickAsync();
        await wizard.ConfirmRecoveryCodesAsync();
        await wizard.Done.ClickAsync();

        await ExpectHomeAsync();
        (await FactorKindsAsync(email)).Should().Equal("EmailCode");
    }

    [BrowserFact]
    public async Task SignIn_WithUseAnotherMethod_AndAnEmailCode()
    {
        var (email, _) = await App.CreateEnrolledResidentAsync();
        await App.AddEmailFactorAsync(email);
        await SignInWithPasswordAsync(email, DemoAccounts.Password);

        var challenge = new ChallengePageObject(Page);
        await Expect(challenge.Code).ToBeVisibleAsync();
        await AssertAccessibleAsync(Page);
        await challenge.UseAnotherMethod.ClickAsync();
        await Expect(challenge.Method("Recovery code")).ToBeVisibleAsync();
        await AssertAccessibleAsync(Page);
        await challenge.Method("Email code").ClickAsync();
        await challenge.EnterCodeAsync(await App.Emails.WaitForCodeAsync(email));

        await ExpectHomeAsync();
    }

    [BrowserFact]
    public async Task SignIn_WithARecoveryCode()
    {
        var (email, _) = await App.CreateEnrolledResidentAsync();
        var codes = await App.WithScopeAsync(async services =>
        {
            var user = (await services.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(email))!;
            return await services.GetRequiredService<ConnecXPortal.Web.Features.Factors.RecoveryCodes.UserRecoveryCodes>().IssueAsync(user, notify: false);
        });
        await SignInWithPasswordAsync(email, DemoAccounts.Password);

        var challenge = new ChallengePageObject(Page);
        await challenge.UseAnotherMethod.ClickAsync();
        await challenge.Method("Recovery code").ClickAsync();
        await challenge.EnterCodeAsync(codes[0]);

        await ExpectHomeAsync();
        await App.Emails.WaitForAsync(email, ConnecXPortal.Web.Features.Notifications.SecurityNotification.RecoveryCodeUsedTemplate);
    }

    [BrowserFact]
    public async Task ForgottenPassword_ThenASecondFactorChallenge_ThenTheSecurityPage()
    {
        var (email, key) = await App.CreateEnrolledResidentAsync();
        await Page.GotoAsync("/account/sign-in");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Forgot your password?" }).ClickAsync();
        await AssertAccessibleAsync(Page);
        await Page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Send me a link" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("we have sent it a link");
        await AssertAccessibleAsync(Page);

        var link = CapturedEmails.LinkIn(await App.Emails.WaitForAsync(email, PasswordResets.Template), "/account/reset-password");
        await Page.GotoAsync(link.ToString());
        await AssertAccessibleAsync(Page);
        await new NewPasswordPageObject(Page).SubmitAsync(Password, "Change password");
        var signIn = new SignInPageObject(Page);
        await Expect(signIn.Status).ToHaveTextAsync("Your password was reset, so you were signed out everywhere. Sign in with your new password.");

        await signIn.SignInAsync(email, Password);
        var challenge = new ChallengePageObject(Page);
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Verify it's you");
        await challenge.EnterCodeAsync(App.NextTotp(key));
        await ExpectHomeAsync();

        await Page.GotoAsync("/account/security");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Your account security");
        await AssertAccessibleAsync(Page);
    }

    [BrowserFact]
    public async Task BuildingManager_InvitesAResident_FromTheInvitePage()
    {
        await SignInWithPasswordAsync(DemoAccounts.SecondManager, DemoAccounts.Password);
        await new ChallengePageObject(Page).EnterCodeAsync(App.NextTotp(ConnecXPortal.Web.Data.Seeding.DemoDataSeeder.DemoAuthenticatorKey));
        var shell = new PortalShell(Page);
        await Expect(shell.Heading).ToHaveTextAsync("Welcome, Daniel");
        await shell.WaitForInteractiveAsync();
        await shell.Navigation.GetByRole(AriaRole.Link, new() { Name = "Invite a resident" }).ClickAsync();
        await Expect(shell.Heading).ToHaveTextAsync("Invite a resident");
        await shell.WaitForInteractiveAsync();
        var email = $"browser-invite-{Guid.NewGuid():N}@tests.example.com";

        await Page.GetByLabel("First name").FillAsync("Zara");
        await Page.GetByLabel("Last name").FillAsync("Ahmed");
        await Page.GetByLabel("Email").FillAsync(email);
        await Page.GetByLabel("Unit").FillAsync("12C");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();

        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Invitation sent to {email}.");
        await AssertAccessibleAsync(Page);
        await App.Emails.WaitForAsync(email, ResidentInvitations.Template);

        await Page.GetByLabel("First name").FillAsync("Zara");
        await Page.GetByLabel("Last name").FillAsync("Ahmed");
        await Page.GetByLabel("Email").FillAsync(email);
        await Page.GetByLabel("Unit").FillAsync("12C");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("has not activated their account yet");
        await AssertAccessibleAsync(Page);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Resend the invitation" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("A new activation link was sent.");
        await App.Emails.WaitForAsync(email, ResidentInvitations.Template, afterCount: 1);

        // An address registered in a building Daniel does not manage: the same answer as a new invitation.
        await Page.GetByLabel("First name").FillAsync("Olivia");
        await Page.GetByLabel("Last name").FillAsync("Nguyen");
        await Page.GetByLabel("Email").FillAsync(DemoAccounts.Resident);
        await Page.GetByLabel("Unit").FillAsync("12C");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Invitation sent to {DemoAccounts.Resident}.");
        await App.Emails.WaitForAsync(DemoAccounts.Resident, ResidentInvitations.ExistingAccountTemplate);
    }

    private async Task<(string Email, Uri Link)> InviteAsync()
    {
        var email = $"journey-{Guid.NewGuid():N}@tests.example.com";
        await App.WithScopeAsync(async services =>
        {
            var support = (await services.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(DemoAccounts.Support))!;
            var building = await services.GetRequiredService<PortalDbContext>().Buildings.OrderBy(b => b.Name).FirstAsync();
            await services.GetRequiredService<ResidentInvitations>().InviteAsync(support, new InvitationRequest
            {
                GivenName = "New",
                FamilyName = "Resident",
                Email = email,
                BuildingId = building.Id,
                Unit = "3A",
            });
        });
        return (email, CapturedEmails.LinkIn(await App.Emails.WaitForAsync(email, ResidentInvitations.Template), "/account/activate"));
    }

    private async Task ActivateAsync()
    {
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Activate your account");
        await AssertAccessibleAsync(Page);
        await new NewPasswordPageObject(Page).SubmitAsync(Password, "Continue");
    }

    private async Task SignInWithPasswordAsync(string email, string password)
    {
        var signIn = new SignInPageObject(Page);
        await signIn.GotoAsync();
        await signIn.SignInAsync(email, password);
    }

    private async Task ExpectHomeAsync()
    {
        var shell = new PortalShell(Page);
        await Expect(shell.Heading).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^Welcome, "));
        await shell.WaitForInteractiveAsync();
        await AssertAccessibleAsync(Page);
    }

    private async Task<List<string>> FactorKindsAsync(string email)
    {
        await using var db = App.CreateDbContext();
        return [.. (await db.UserFactors.Where(f => f.User.Email == email).Select(f => f.Kind).ToListAsync()).Select(k => k.ToString())];
    }

    private static async Task AddVirtualAuthenticatorAsync(IPage page)
    {
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("WebAuthn.enable");
        await cdp.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2",
                ["transport"] = "internal",
                ["hasResidentKey"] = true,
                ["hasUserVerification"] = true,
                ["isUserVerified"] = true,
                ["automaticPresenceSimulation"] = true,
            },
        });
    }
}
