using ConnecXPortal.Tests.Browser.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConnecXPortal.Tests.Infrastructure;

/// <summary>
/// Signing in as a demo account enrolled with the demo authenticator key (the staff, and the enrolled demo residents),
/// in one place: the HTTP client and the browser both give the password, then the current code, and wait until the
/// portal has let the person in.
/// </summary>
public static class StaffSignIn
{
    /// <summary>A client signed in as <paramref name="email"/>.</summary>
    public static async Task<PortalClient> SignedInClientAsync(this PortalAppFactory app, string email)
    {
        var client = app.CreatePortalClient();
        var response = await client.SubmitPasswordAsync(email, DemoAccounts.Password);
        if (response.Location?.AbsolutePath == "/account/verify")
        {
            response = await client.SubmitCodeAsync(app.NextTotp(DemoAccounts.AuthenticatorKey));
        }

        response.IsRedirect.Should().BeTrue("{0} signs in", email);
        response.Location!.AbsolutePath.Should().NotStartWith("/account/", "{0} is signed in, not asked for anything more", email);
        return client;
    }

    /// <summary>Signs <paramref name="page"/> in as <paramref name="email"/> and waits for their home page.</summary>
    public static async Task SignInAsync(this IPage page, PortalAppFactory app, string email, string welcome)
    {
        var signIn = new SignInPageObject(page);
        await signIn.GotoAsync();
        await signIn.SignInAsync(email, DemoAccounts.Password);
        await page.WaitForURLAsync(url => !url.Contains("/account/sign-in", StringComparison.Ordinal));
        if (page.Url.Contains("/account/verify", StringComparison.Ordinal))
        {
            await new ChallengePageObject(page).EnterCodeAsync(app.NextTotp(DemoAccounts.AuthenticatorKey));
        }

        await Expect(new PortalShell(page).Heading).ToHaveTextAsync(welcome);
    }
}
