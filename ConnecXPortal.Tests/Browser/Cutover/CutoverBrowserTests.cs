using ConnecXPortal.Tests.Browser.Pages;
using ConnecXPortal.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace ConnecXPortal.Tests.Browser.Cutover;

/// <summary>The evening of 21 August: a resident has the portal open when the cutover comes.</summary>
public sealed class CutoverBrowserTests(BrowserFixture browser, CutoverBrowserTests.EveApp app)
    : BrowserTest(browser, app), IClassFixture<CutoverBrowserTests.EveApp>
{
    private static readonly DateTimeOffset PortalCutover = new(2024, 8, 21, 18, 0, 0, TimeSpan.FromHours(10));

    [BrowserFact]
    public async Task ALivePage_IsSignedOutAtTheCutover_AndTheSignInPageSaysMfaIsNowRequired()
    {
        App.Clock.SetUtcNow(PortalCutover.AddMinutes(-10));
        var user = await App.CreateResidentAsync();
        await Page.SignInAsync(App, user.Email!, "Welcome, Test");
        var shell = new PortalShell(Page);
        await shell.WaitForInteractiveAsync();

        App.Clock.SetUtcNow(PortalCutover.AddSeconds(30));

        await Expect(new SignInPageObject(Page).Status).ToHaveTextAsync("connecX now requires multi-factor authentication. Sign in to continue.");
        Page.Url.Should().EndWith("reason=mfa-cutover");
        await AssertAccessibleAsync(Page);
    }

    public sealed class EveApp : CutoverEveAppFactory
    {
        public EveApp() => WithSetting("Sessions:CircuitRevalidationInterval", "00:00:01");
    }
}
