using ConnecXPortal.Tests.Browser.Pages;
using ConnecXPortal.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConnecXPortal.Tests.Browser.Layout;

/// <summary>The signed-in layout's navigation drawer on a wide and a narrow screen.</summary>
public sealed class LayoutBrowserTests(BrowserFixture browser, BeforeCutoverPortalAppFactory app)
    : BrowserTest(browser, app), IClassFixture<BeforeCutoverPortalAppFactory>
{
    [BrowserFact]
    public async Task WideScreen_DrawerIsOpen_AndTheMenuButtonHidesAndShowsIt()
    {
        var shell = await SignInAsync(1280);
        var toggle = Page.GetByRole(AriaRole.Button, new() { Name = "Hide navigation" });
        await Expect(toggle).ToHaveAttributeAsync("aria-expanded", "true");
        await Expect(shell.Navigation).ToBeInViewportAsync();
        await AssertAccessibleAsync(Page);

        await toggle.ClickAsync();

        var show = Page.GetByRole(AriaRole.Button, new() { Name = "Show navigation" });
        await Expect(show).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(shell.Navigation).Not.ToBeInViewportAsync();
        await show.ClickAsync();
        await Expect(shell.Navigation).ToBeInViewportAsync();
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Hide navigation" })).ToHaveAttributeAsync("aria-expanded", "true");
    }

    [BrowserFact]
    public async Task NarrowScreen_DrawerIsClosed_OpensOverThePage_AndClosesWhenALinkIsFollowed()
    {
        var shell = await SignInAsync(390);
        var show = Page.GetByRole(AriaRole.Button, new() { Name = "Show navigation" });
        await Expect(show).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(shell.Navigation).Not.ToBeInViewportAsync();
        await AssertAccessibleAsync(Page);

        await show.ClickAsync();

        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Hide navigation" })).ToHaveAttributeAsync("aria-expanded", "true");
        await Expect(shell.Navigation).ToBeInViewportAsync();
        await AssertAccessibleAsync(Page);

        await shell.Navigation.GetByRole(AriaRole.Link, new() { Name = "Devices and sessions" }).ClickAsync();

        await Expect(shell.Heading).ToHaveTextAsync("Devices and sessions");
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Show navigation" })).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(shell.Navigation).Not.ToBeInViewportAsync();
    }

    [BrowserFact]
    public async Task AnInjectedInlineScript_IsRefusedByTheContentSecurityPolicy_AndTheWatchReportsIt()
    {
        await SignInAsync(1280);

        await Page.EvaluateAsync("""
            () => {
                const script = document.createElement('script');
                script.textContent = 'window.cxInjected = true;';
                document.body.append(script);
            }
            """);

        (await Page.EvaluateAsync<bool>("() => window.cxInjected === true")).Should().BeFalse("the policy allows no inline script without the nonce");
        var violations = new List<string>();
        await Eventually.TrueAsync(() =>
        {
            violations.AddRange(TakeCspViolations());
            return Task.FromResult(violations.Count > 0);
        }, "the CSP violation is reported");
        violations.Should().Contain(v => v.Contains("script-src"), "every browser test fails on such a report");
    }

    private async Task<PortalShell> SignInAsync(int width)
    {
        await Page.SetViewportSizeAsync(width, 844);
        var user = await App.CreateResidentAsync();
        await Page.SignInAsync(App, user.Email!, "Welcome, Test");
        var shell = new PortalShell(Page);
        await shell.WaitForInteractiveAsync();
        return shell;
    }
}
