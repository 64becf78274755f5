using ConnecXPortal.Tests.Browser.Pages;
using ConnecXPortal.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConnecXPortal.Tests.Browser.SignIn;

/// <summary>The password step before the cutover, when the demo resident (no factor yet) signs in with the password alone.</summary>
public sealed class SignInBrowserTests(BrowserFixture browser, BeforeCutoverPortalAppFactory app) : BrowserTest(browser, app), IClassFixture<BeforeCutoverPortalAppFactory>
{
    private const string WrongCredentials = "The email or password is not right. Check them and try again. " +
        "After 5 unsuccessful attempts we lock the account for 15 minutes to protect it, and email its owner.";

    [BrowserFact]
    public async Task DemoResident_SignsIn_AndReachesTheirHomePage()
    {
        var signIn = new SignInPageObject(Page);
        await signIn.GotoAsync();
        await AssertAccessibleAsync(Page);

        await signIn.SignInAsync(DemoAccounts.Resident, DemoAccounts.Password);

        var shell = new PortalShell(Page);
        await Expect(shell.Heading).ToHaveTextAsync("Welcome, Olivia");
        await Expect(Page.GetByText("Unit 1204")).ToBeVisibleAsync();
        await shell.WaitForInteractiveAsync();
        await AssertAccessibleAsync(Page);
    }

    [BrowserFact]
    public async Task WrongPassword_ShowsAMessage_AndKeepsTheEmail()
    {
        var signIn = new SignInPageObject(Page);
        await signIn.GotoAsync();

        await signIn.SignInAsync(DemoAccounts.Resident, "this-is-not-my-password");

        await Expect(signIn.Error).ToHaveTextAsync(WrongCredentials);
        await Expect(signIn.Email).ToHaveValueAsync(DemoAccounts.Resident);
        await AssertAccessibleAsync(Page);
    }

    [BrowserFact]
    public async Task LockedAccount_WithTheRightPassword_SeesTheSameMessage_ThatSaysRepeatedFailuresLockTheAccount()
    {
        var email = (await App.CreateResidentAsync()).Email!;
        using (var guesser = App.CreatePortalClient())
        {
            for (var i = 0; i < 5; i++)
            {
                await guesser.SubmitPasswordAsync(email, $"a-wrong-guess-{i}");
            }
        }

        var signIn = new SignInPageObject(Page);
        await signIn.GotoAsync();
        await signIn.SignInAsync(email, DemoAccounts.Password);

        await Expect(signIn.Error).ToHaveTextAsync(WrongCredentials);
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/sign-in$"));
        await Expect(signIn.Email).ToHaveValueAsync(email);
        await AssertAccessibleAsync(Page);
    }

    [BrowserFact]
    public async Task SignOut_FromTheUserMenu_ReturnsToSignIn()
    {
        var signIn = new SignInPageObject(Page);
        await signIn.GotoAsync();
        await signIn.SignInAsync(DemoAccounts.Resident, DemoAccounts.Password);
        var shell = new PortalShell(Page);
        await Expect(shell.Heading).ToHaveTextAsync("Welcome, Olivia");

        await shell.SignOutAsync();

        await Expect(signIn.Status).ToHaveTextAsync("You have signed out.");
        await AssertAccessibleAsync(Page);
    }
}
