using ConnecXPortal.Tests.Browser.Pages;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Features.Sessions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConnecXPortal.Tests.Browser.Throttling;

/// <summary>A refused attempt as a person sees it: the same form, a specific message, what they typed kept but the password.</summary>
public sealed class ThrottleBrowserTests(BrowserFixture browser, ThrottledPortalAppFactory app) : BrowserTest(browser, app), IClassFixture<ThrottledPortalAppFactory>
{
    [BrowserFact]
    public async Task SignIn_AfterTooManyAttempts_SaysWhenToTryAgain_AndKeepsTheEmail()
    {
        var email = (await App.CreateResidentAsync()).Email!;
        var signIn = new SignInPageObject(Page);
        await signIn.GotoAsync();
        for (var i = 0; i < 3; i++)
        {
            await signIn.SignInAsync(email, "not the password at all");
            await Expect(signIn.Error).ToHaveTextAsync(SignInMessages.WrongCredentials);
        }

        await signIn.SignInAsync(email, DemoAccounts.Password);

        await Expect(signIn.Error).ToHaveTextAsync("Too many attempts. Try again in 20 minutes.");
        await Expect(signIn.Email).ToHaveValueAsync(email);
        await Expect(signIn.Password).ToHaveValueAsync("");
        await AssertAccessibleAsync(Page);
    }

    [BrowserFact]
    public async Task ForgotPassword_AfterTooManyRequestsFromOneAddress_SaysWhenToTryAgain_AndKeepsTheEmail()
    {
        for (var i = 0; i < 5; i++)
        {
            await RequestLinkAsync($"forgot-{Guid.NewGuid():N}@tests.example.com");
            await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("we have sent it a link");
        }

        var email = $"forgot-{Guid.NewGuid():N}@tests.example.com";
        await RequestLinkAsync(email);

        await Expect(Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Too many attempts. Try again in 12 minutes.");
        await Expect(Page.GetByLabel("Email", new() { Exact = true })).ToHaveValueAsync(email);
        await AssertAccessibleAsync(Page);
    }

    private async Task RequestLinkAsync(string email)
    {
        await Page.GotoAsync("/account/forgot-password");
        await Page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Send me a link" }).ClickAsync();
    }
}
