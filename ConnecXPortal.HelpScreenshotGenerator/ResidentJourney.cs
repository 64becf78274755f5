using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Domain.Sessions;
using ConnecXPortal.Tests.Browser.Pages;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Factors.Totp;
using ConnecXPortal.Web.Features.Help;
using ConnecXPortal.Web.Features.Invitations;
using ConnecXPortal.Web.Features.Passwords;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConnecXPortal.HelpScreenshotGenerator;

/// <summary>
/// One resident's way through the portal, as the help articles tell it: invited by her building manager, she activates
/// her account, goes through the setup wizard, adds two more methods on her security page, signs in again with each
/// kind of challenge, looks at her devices, and (in another browser) asks for a password reset. Each screen the
/// articles show is captured on the way, found by the same labels the browser tests use.
/// </summary>
internal sealed class ResidentJourney(HelpScreenshotPortal app, IBrowser browser, Camera camera)
{
    public const string GivenName = "Zara";
    public const string Email = "zara.ahmed@example.com";

    /// <summary>
    /// Shown in place of the random key the wizard makes, so the picture is the same on every run and no key that
    /// works for an account ever appears in it. Drawn into a QR code by the portal's own code.
    /// </summary>
    public const string SampleAuthenticatorKey = "LRLIV533PP5QM77B5RPSKXHII6MRFF7G";

    private const string Password = "harbour lights at dusk";
    private const string CurrentIpAddress = "203.0.113.24";

    /// <summary>Recovery codes shown in place of the real ones (same format, fixed, never valid for any account).</summary>
    private static readonly string[] SampleRecoveryCodes = MakeSampleRecoveryCodes();

    private static readonly ViewportSize AccountViewport = new() { Width = 1000, Height = 1400 };
    private static readonly ViewportSize PortalViewport = new() { Width = 1000, Height = 660 };
    private static readonly ViewportSize DevicesViewport = new() { Width = 1000, Height = 900 };

    /// <summary>Narrow enough that the wide security card fits the help article's column at its natural size.</summary>
    private static readonly ViewportSize SecurityViewport = new() { Width = 752, Height = 1400 };

    public async Task RunAsync()
    {
        var activationLink = await InviteAsync();
        var laptop = await NewPageAsync(withPasskeys: true);
        await ActivateAndSetUpAsync(laptop, activationLink);
        await AddMethodsOnTheSecurityPageAsync(laptop);
        await SignOutAsync(laptop);
        await SignInWithEachChallengeAsync(laptop);
        await DevicesAndSessionsAsync(laptop);

        var anotherBrowser = await NewPageAsync(withPasskeys: false);
        await ForgottenPasswordAsync(anotherBrowser);
    }

    private async Task<Uri> InviteAsync()
    {
        await app.WithScopeAsync(async services =>
        {
            var manager = (await services.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(DemoAccounts.Manager))!;
            var building = await services.GetRequiredService<PortalDbContext>().Buildings.SingleAsync(b => b.Name == "Harbourview Apartments");
            var result = await services.GetRequiredService<ResidentInvitations>().InviteAsync(manager, new InvitationRequest
            {
                GivenName = GivenName,
                FamilyName = "Ahmed",
                Email = Email,
                BuildingId = building.Id,
                Unit = "1507",
            });
            if (result.Outcome != InvitationOutcome.Sent)
            {
                throw new InvalidOperationException($"The demo resident could not be invited: {result.Outcome}.");
            }
        });
        return CapturedEmails.LinkIn(await app.Emails.WaitForAsync(Email, ResidentInvitations.Template), ResidentInvitations.ActivatePath);
    }

    private async Task ActivateAndSetUpAsync(IPage page, Uri activationLink)
    {
        await page.SetViewportSizeAsync(AccountViewport.Width, AccountViewport.Height);
        await page.GotoAsync(app.OnLocalhost(activationLink));
        await Expect(Heading(page)).ToHaveTextAsync("Activate your account");
        var passwords = new NewPasswordPageObject(page);
        await passwords.NewPassword.FillAsync(Password);
        await passwords.ConfirmPassword.FillAsync(Password);
        await camera.ShootAsync(page, HelpScreenshots.Activate, Card(page));
        await Button(page, "Continue").ClickAsync();

        var wizard = new WizardPageObject(page);
        await Expect(wizard.Heading).ToHaveTextAsync("Protect your account");
        await wizard.Choice("Authenticator app").CheckAsync();
        await camera.ShootAsync(page, HelpScreenshots.SetupChoose, Card(page));

        await wizard.ChooseAsync("Passkey");
        await Expect(wizard.CreatePasskey).ToBeVisibleAsync();
        await camera.ShootAsync(page, HelpScreenshots.SetupPasskey, Card(page));
        await ChooseAnotherMethodAsync(page);

        await wizard.ChooseAsync("Email code");
        await Expect(wizard.Heading).ToHaveTextAsync("Check your email");
        await camera.ShootAsync(page, HelpScreenshots.SetupEmail, Card(page));
        await ChooseAnotherMethodAsync(page);

        await wizard.ChooseAsync("Authenticator app");
        await Expect(wizard.QrCode).ToBeVisibleAsync();
        var key = (await wizard.AuthenticatorKey.TextContentAsync())!.Replace(" ", "", StringComparison.Ordinal);
        await ShowSampleAuthenticatorKeyAsync(page);
        await wizard.Code.FillAsync(AuthenticatorApp.CodeAt(SampleAuthenticatorKey, app.Clock.GetUtcNow()));
        await camera.ShootAsync(page, HelpScreenshots.SetupAuthenticator, Card(page));
        await wizard.Code.FillAsync(AuthenticatorApp.CodeAt(key, app.Clock.GetUtcNow()));
        await wizard.Verify.ClickAsync();

        await Expect(wizard.Heading).ToHaveTextAsync("Save your recovery codes");
        await ShowSampleRecoveryCodesAsync(page);
        await wizard.SavedCodes.CheckAsync();
        await camera.ShootAsync(page, HelpScreenshots.SetupRecoveryCodes, Card(page));
        await wizard.Continue.ClickAsync();

        await Expect(wizard.Heading).ToHaveTextAsync("You're all set");
        await camera.ShootAsync(page, HelpScreenshots.SetupDone, Card(page));
        await wizard.Done.ClickAsync();

        await ExpectHomeAsync(page);
        await page.SetViewportSizeAsync(PortalViewport.Width, PortalViewport.Height);
        await camera.ShootAsync(page, HelpScreenshots.Home);
    }

    private async Task AddMethodsOnTheSecurityPageAsync(IPage page)
    {
        var shell = new PortalShell(page);
        await shell.Navigation.GetByRole(AriaRole.Link, new() { Name = "Security", Exact = true }).ClickAsync();
        await Expect(Heading(page)).ToHaveTextAsync("Your account security");
        await page.SetViewportSizeAsync(AccountViewport.Width, AccountViewport.Height);

        var wizard = new WizardPageObject(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Add a sign-in method", Exact = true }).ClickAsync();
        await Expect(wizard.Heading).ToHaveTextAsync("Add a sign-in method");
        await wizard.Choice("Passkey").CheckAsync();
        await camera.ShootAsync(page, HelpScreenshots.SecurityAddMethod, Card(page));
        await wizard.Continue.ClickAsync();
        await wizard.CreatePasskey.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your new sign-in method is ready");

        // The wizard sent an email code a moment ago; a new one can be asked for a minute later.
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        await page.GetByRole(AriaRole.Link, new() { Name = "Add a sign-in method", Exact = true }).ClickAsync();
        await wizard.ChooseAsync("Email code");
        await wizard.Code.FillAsync(await app.Emails.WaitForCodeAsync(Email, afterCount: 1));
        await wizard.Verify.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your new sign-in method is ready");

        await page.SetViewportSizeAsync(SecurityViewport.Width, SecurityViewport.Height);
        await page.GotoAsync("/account/security");
        await Expect(page.GetByRole(AriaRole.Table)).ToContainTextAsync("Email code");
        await camera.ShootAsync(page, HelpScreenshots.Security, Card(page));

        await Button(page, "Get new recovery codes").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your new recovery codes" })).ToBeVisibleAsync();
        await ShowSampleRecoveryCodesAsync(page);
        await camera.ShootAsync(page, HelpScreenshots.SecurityRecoveryCodes, Card(page));
        await page.GetByRole(AriaRole.Link, new() { Name = "I have saved them", Exact = true }).ClickAsync();
        await Expect(Heading(page)).ToHaveTextAsync("Your account security");
    }

    private static async Task SignOutAsync(IPage page)
    {
        await page.GotoAsync("/");
        await ExpectHomeAsync(page);
        await new PortalShell(page).SignOutAsync();
        await Expect(new SignInPageObject(page).Status).ToHaveTextAsync("You have signed out.");
    }

    private async Task SignInWithEachChallengeAsync(IPage page)
    {
        await page.SetViewportSizeAsync(AccountViewport.Width, AccountViewport.Height);
        var signIn = new SignInPageObject(page);
        await signIn.GotoAsync();
        await signIn.Email.FillAsync(Email);
        await camera.ShootAsync(page, HelpScreenshots.SignIn, Card(page));
        await signIn.Password.FillAsync(Password);
        await signIn.SignInButton.ClickAsync();

        var challenge = new ChallengePageObject(page);
        await Expect(Heading(page)).ToHaveTextAsync("Verify it's you");
        await Expect(challenge.Code).ToBeVisibleAsync();
        await camera.ShootAsync(page, HelpScreenshots.Verify, Card(page));

        await challenge.UseAnotherMethod.ClickAsync();
        await Expect(challenge.Method("Recovery code")).ToBeVisibleAsync();
        await camera.ShootAsync(page, HelpScreenshots.VerifyOtherMethods, Card(page));

        await challenge.Method("Passkey").ClickAsync();
        await Expect(Button(page, "Verify with your passkey")).ToBeVisibleAsync();
        await camera.ShootAsync(page, HelpScreenshots.VerifyPasskey, Card(page));

        await challenge.UseAnotherMethod.ClickAsync();
        await challenge.Method("Recovery code").ClickAsync();
        await Expect(page.GetByText("Enter one of the recovery codes")).ToBeVisibleAsync();
        await camera.ShootAsync(page, HelpScreenshots.VerifyRecoveryCode, Card(page));

        app.Clock.Advance(TimeSpan.FromMinutes(2));
        await challenge.UseAnotherMethod.ClickAsync();
        await challenge.Method("Email code").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("We sent a new code");
        await camera.ShootAsync(page, HelpScreenshots.VerifyEmail, Card(page));
        await challenge.EnterCodeAsync(await app.Emails.WaitForCodeAsync(Email, afterCount: 2));

        await ExpectHomeAsync(page);
    }

    private async Task DevicesAndSessionsAsync(IPage page)
    {
        await using (var db = app.CreateDbContext())
        {
            var userId = await db.Users.Where(u => u.Email == Email).Select(u => u.Id).SingleAsync();
            var phone = SessionTestData.NewSession(userId, SessionClient.Android, app.Clock.GetUtcNow().AddMinutes(-3), SignInMethod.PasswordAndAuthenticatorApp);
            phone.IpAddress = CurrentIpAddress;
            phone.LastSeenAt = app.Clock.GetUtcNow();
            db.UserSessions.Add(phone);
            await db.SaveChangesAsync();

            // The loopback address the browser comes from here means nothing to a resident; a home connection's does.
            await db.UserSessions.Where(s => s.UserId == userId && s.Client == SessionClient.Portal)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.IpAddress, CurrentIpAddress));
        }

        await page.SetViewportSizeAsync(DevicesViewport.Width, DevicesViewport.Height);
        var devices = new DevicesAndSessionsPageObject(page);
        await devices.GotoAsync();
        await Expect(devices.Sessions).ToHaveCountAsync(2);
        await Expect(devices.RecentlyEnded).ToHaveCountAsync(1);
        await camera.ShootAsync(page, HelpScreenshots.Devices, page.Locator("main"));
    }

    private async Task ForgottenPasswordAsync(IPage page)
    {
        await page.SetViewportSizeAsync(AccountViewport.Width, AccountViewport.Height);
        await new SignInPageObject(page).GotoAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Forgot your password?", Exact = true }).ClickAsync();
        await Expect(Heading(page)).ToHaveTextAsync("Forgot your password?");
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(Email);
        await camera.ShootAsync(page, HelpScreenshots.ForgotPassword, Card(page));

        await Button(page, "Send me a link").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("we have sent it a link");
        await camera.ShootAsync(page, HelpScreenshots.ForgotPasswordSent, Card(page));

        var link = CapturedEmails.LinkIn(await app.Emails.WaitForAsync(Email, PasswordResets.Template), "/account/reset-password");
        await page.GotoAsync(app.OnLocalhost(link));
        await Expect(Heading(page)).ToHaveTextAsync("Choose a new password");
        var passwords = new NewPasswordPageObject(page);
        await passwords.NewPassword.FillAsync("a new phrase for connecX");
        await passwords.ConfirmPassword.FillAsync("a new phrase for connecX");
        await camera.ShootAsync(page, HelpScreenshots.ResetPassword, Card(page));
    }

    /// <summary>A page in a new browser context: a laptop with Chrome on Windows, in Sydney, in English (Australia).</summary>
    private async Task<IPage> NewPageAsync(bool withPasskeys)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.LocalhostAddress.ToString(),
            Locale = "en-AU",
            TimezoneId = "Australia/Sydney",
            ViewportSize = AccountViewport,
            DeviceScaleFactor = 1,
            ColorScheme = ColorScheme.Light,
            ReducedMotion = ReducedMotion.Reduce,
            UserAgent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/139.0.0.0 Safari/537.36",
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        if (withPasskeys)
        {
            // Chromium's virtual authenticator stands in for the laptop's fingerprint reader.
            var cdp = await context.NewCDPSessionAsync(page);
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

        return page;
    }

    private static async Task ShowSampleAuthenticatorKeyAsync(IPage page)
    {
        var qr = AuthenticatorApp.QrCodeDataUri(AuthenticatorApp.OtpAuthUri(Email, SampleAuthenticatorKey));
        await page.EvaluateAsync(
            """
            ([qr, key]) => {
                document.querySelector('img.cx-qr').src = qr;
                document.querySelector('[data-testid=authenticator-key]').textContent = key;
            }
            """,
            new[] { qr, AuthenticatorApp.FormatKey(SampleAuthenticatorKey) });
    }

    private static async Task ShowSampleRecoveryCodesAsync(IPage page)
    {
        var items = page.GetByRole(AriaRole.List, new() { Name = "Your recovery codes" }).GetByRole(AriaRole.Listitem);
        await Expect(items).ToHaveCountAsync(SampleRecoveryCodes.Length);
        await items.EvaluateAllAsync<object>("(items, codes) => items.forEach((item, i) => item.textContent = codes[i])", SampleRecoveryCodes);
    }

    private static string[] MakeSampleRecoveryCodes()
    {
        var random = new Random(20240821);
        return [.. Enumerable.Range(0, RecoveryCodePolicy.Count).Select(_ => RecoveryCodePolicy.Display(RecoveryCodePolicy.FromIndexes(
            [.. Enumerable.Range(0, RecoveryCodePolicy.Length).Select(_ => random.Next(RecoveryCodePolicy.Alphabet.Length))])))];
    }

    private static async Task ChooseAnotherMethodAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "Choose another method", Exact = true }).ClickAsync();
        await Expect(new WizardPageObject(page).Continue).ToBeVisibleAsync();
    }

    private static async Task ExpectHomeAsync(IPage page)
    {
        var shell = new PortalShell(page);
        await Expect(shell.Heading).ToHaveTextAsync($"Welcome, {GivenName}");
        await shell.WaitForInteractiveAsync();
    }

    private static ILocator Heading(IPage page) => page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    private static ILocator Button(IPage page, string name) => page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    /// <summary>The account pages' card (sign-in, wizard, challenge, security), without the empty page around it.</summary>
    private static ILocator Card(IPage page) => page.Locator("main.cx-account__card");
}
