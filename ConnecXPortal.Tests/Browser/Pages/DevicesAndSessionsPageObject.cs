using Microsoft.Playwright;

namespace ConnecXPortal.Tests.Browser.Pages;

/// <summary>Devices and sessions (/account/sessions), found by role and name.</summary>
public sealed class DevicesAndSessionsPageObject(IPage page)
{
    public ILocator SignedInNow => page.GetByRole(AriaRole.List, new() { Name = "Signed in now" });

    public ILocator Sessions => SignedInNow.GetByRole(AriaRole.Listitem);

    public ILocator ThisBrowser => Sessions.Filter(new() { HasText = "This browser" });

    public ILocator OtherSessions => Sessions.Filter(new() { HasNotText = "This browser" });

    public ILocator RecentlyEnded => page.GetByRole(AriaRole.List, new() { Name = "Recently ended" }).GetByRole(AriaRole.Listitem);

    public ILocator EndAllOthers => page.GetByRole(AriaRole.Button, new() { Name = "End all other sessions" });

    public ILocator Status => page.GetByRole(AriaRole.Status);

    public async Task GotoAsync()
    {
        await page.GotoAsync("/account/sessions");
        await new PortalShell(page).WaitForInteractiveAsync();
    }

    /// <summary>Ends the one other session shown (the test arranges that there is exactly one).</summary>
    public Task EndTheOtherSessionAsync() =>
        OtherSessions.GetByRole(AriaRole.Button, new() { Name = "End session", Exact = false }).ClickAsync();
}
