using Microsoft.Playwright;

namespace ConnecXPortal.Tests.Browser.Pages;

/// <summary>The activation page and the other new-password forms.</summary>
public sealed class NewPasswordPageObject(IPage page)
{
    public ILocator NewPassword => page.GetByLabel("New password", new() { Exact = true });

    public ILocator ConfirmPassword => page.GetByLabel("Confirm new password", new() { Exact = true });

    public async Task SubmitAsync(string password, string button)
    {
        await NewPassword.FillAsync(password);
        await ConfirmPassword.FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();
    }
}

/// <summary>The enrolment wizard's steps.</summary>
public sealed class WizardPageObject(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    public ILocator CurrentStep => page.Locator("[aria-current=step]");

    public ILocator Choice(string name) => page.GetByRole(AriaRole.Radio, new() { Name = name, Exact = true });

    public ILocator Continue => page.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true });

    public ILocator Code => page.GetByLabel("Code", new() { Exact = true });

    public ILocator Verify => page.GetByRole(AriaRole.Button, new() { Name = "Verify", Exact = true });

    public ILocator AuthenticatorKey => page.GetByTestId("authenticator-key");

    public ILocator QrCode => page.GetByRole(AriaRole.Img, new() { Name = "QR code to add connecX to your authenticator app" });

    public ILocator PasskeyName => page.GetByLabel("Passkey name", new() { Exact = true });

    public ILocator CreatePasskey => page.GetByRole(AriaRole.Button, new() { Name = "Create a passkey", Exact = true });

    public ILocator RecoveryCodes => page.GetByRole(AriaRole.List, new() { Name = "Your recovery codes" }).GetByRole(AriaRole.Listitem);

    public ILocator SavedCodes => page.GetByRole(AriaRole.Checkbox, new() { Name = "I have saved my recovery codes" });

    public ILocator Done => page.GetByRole(AriaRole.Link, new() { Name = "Continue", Exact = true });

    /// <summary>The mailbox step before a first authenticator app or passkey: types the emailed code and verifies.</summary>
    public async Task ConfirmEmailAsync(string code)
    {
        await Microsoft.Playwright.Assertions.Expect(Heading).ToHaveTextAsync("First, confirm it's your email");
        await Code.FillAsync(code);
        await Verify.ClickAsync();
    }

    public async Task ChooseAsync(string method)
    {
        await Choice(method).CheckAsync();
        await Continue.ClickAsync();
    }

    public async Task<List<string>> ConfirmRecoveryCodesAsync()
    {
        await Microsoft.Playwright.Assertions.Expect(Heading).ToHaveTextAsync("Save your recovery codes");
        var codes = (await RecoveryCodes.AllTextContentsAsync()).ToList();
        await SavedCodes.CheckAsync();
        await Continue.ClickAsync();
        await Microsoft.Playwright.Assertions.Expect(Heading).ToHaveTextAsync("You're all set");
        return codes;
    }
}

/// <summary>The second-factor challenge after the password.</summary>
public sealed class ChallengePageObject(IPage page)
{
    public ILocator Code => page.GetByLabel("Code", new() { Exact = true });

    public ILocator Verify => page.GetByRole(AriaRole.Button, new() { Name = "Verify", Exact = true });

    public ILocator UseAnotherMethod => page.GetByRole(AriaRole.Button, new() { Name = "Use another method", Exact = true });

    public ILocator Method(string name) => page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    public async Task EnterCodeAsync(string code)
    {
        await Code.FillAsync(code);
        await Verify.ClickAsync();
    }
}
