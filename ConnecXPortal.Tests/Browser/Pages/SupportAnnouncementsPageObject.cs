using ConnecXPortal.Web.Features.Announcements;
using Microsoft.Playwright;

namespace ConnecXPortal.Tests.Browser.Pages;

/// <summary>Support's announcements page: choose the audience, send, follow each campaign.</summary>
public sealed class SupportAnnouncementsPageObject(IPage page)
{
    public ILocator ChosenBuildings => page.GetByRole(AriaRole.Radio, new() { Name = "Residents of chosen buildings" });

    public ILocator Summary => page.GetByText(new System.Text.RegularExpressions.Regex("^This sends the announcement to"));

    public ILocator Send => page.GetByRole(AriaRole.Button, new() { Name = "Send announcement", Exact = true });

    public ILocator Confirm => page.GetByRole(AriaRole.Button, new() { Name = "Yes, send it", Exact = true });

    public ILocator Preview => page.GetByRole(AriaRole.Button, new() { Name = "Preview the email" });

    public ILocator Building(string name) => page.GetByRole(AriaRole.Checkbox, new() { Name = name, Exact = true });

    public CampaignCardObject Campaign(string audience) =>
        new(page.GetByRole(AriaRole.Article, new() { Name = audience, Exact = true }));

    public async Task GotoAsync()
    {
        await page.GotoAsync(SupportAnnouncementRoutes.Page);
        await new PortalShell(page).WaitForInteractiveAsync();
    }
}

/// <summary>One campaign's card: its status and counts.</summary>
public sealed class CampaignCardObject(ILocator card)
{
    public ILocator Root => card;

    public ILocator Status => card.Locator(".mud-chip");

    public ILocator Sent => card.Locator("dd[data-count=sent]");

    public ILocator Pending => card.Locator("dd[data-count=pending]");

    public ILocator Failed => card.Locator("dd[data-count=failed]");
}
