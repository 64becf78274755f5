using ConnecXPortal.Web.Features.Manage.CommunicationKit;
using Microsoft.Playwright;

namespace ConnecXPortal.Tests.Browser.Pages;

/// <summary>A building's communication kit and its printable notice.</summary>
public sealed class CommunicationKitPageObject(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    public ILocator Refusal => page.GetByRole(AriaRole.Alert);

    public ILocator Status => page.GetByTestId("kit-status");

    public ILocator SendToResidents => page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Send to \\d+ residents? who have not had it$") });

    public ILocator Confirm => page.GetByRole(AriaRole.Button, new() { Name = "Yes, send it", Exact = true });

    public ILocator EmailPreview => page.Locator("iframe[title^='Preview of the email']");

    public ILocator PrintableNotice => page.GetByRole(AriaRole.Link, new() { Name = "Open the printable notice" });

    public ILocator PrintButton => page.GetByRole(AriaRole.Button, new() { Name = "Print this notice" });

    public ILocator Notice => page.GetByRole(AriaRole.Article, new() { Name = "Multi-factor authentication is coming to connecX" });

    public CampaignCardObject Campaign(string audience) =>
        new(page.GetByRole(AriaRole.Article, new() { Name = audience, Exact = true }));

    public async Task GotoAsync(Guid buildingId)
    {
        await page.GotoAsync(KitRoutes.Kit(buildingId));
        await new PortalShell(page).WaitForInteractiveAsync();
    }

    public Task GotoNoticeAsync(Guid buildingId) => page.GotoAsync(KitRoutes.Notice(buildingId));
}
