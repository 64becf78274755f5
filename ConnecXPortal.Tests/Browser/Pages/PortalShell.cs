using Microsoft.Playwright;

namespace ConnecXPortal.Tests.Browser.Pages;

/// <summary>The signed-in layout: heading, navigation and the user menu.</summary>
public sealed class PortalShell(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    public ILocator Navigation => page.GetByRole(AriaRole.Navigation, new() { Name = "Portal" });

    public ILocator AccountMenu => page.GetByRole(AriaRole.Button, new() { Name = "Account menu", Exact = false });

    public ILocator SignOut => page.GetByRole(AriaRole.Menuitem, new() { Name = "Sign out" });

    /// <summary>Waits until the Blazor circuit is connected, so clicks are handled rather than lost.</summary>
    public async Task WaitForInteractiveAsync() =>
        await page.Locator("[data-interactive='true']").First.WaitForAsync();

    public async Task SignOutAsync()
    {
        await WaitForInteractiveAsync();
        await AccountMenu.ClickAsync();
        await SignOut.ClickAsync();
    }
}
