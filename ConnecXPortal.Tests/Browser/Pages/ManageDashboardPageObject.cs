using ConnecXPortal.Web.Features.Manage;
using Microsoft.Playwright;

namespace ConnecXPortal.Tests.Browser.Pages;

/// <summary>A building's enrolment page on the managers' dashboard.</summary>
public sealed class ManageDashboardPageObject(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    public ILocator Figure(string id) => page.GetByTestId($"figure-{id}");

    public ILocator MethodsChart => page.GetByRole(AriaRole.Img, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Donut chart of residents by verification method") });

    public ILocator DailyChart => page.GetByRole(AriaRole.Img, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Bar chart of enrolments per day") });

    public ILocator Search => page.GetByLabel("Search residents");

    public ILocator Status => page.GetByLabel("Status");

    public ILocator Residents => page.GetByRole(AriaRole.Table).Filter(new() { Has = page.GetByRole(AriaRole.Columnheader, new() { Name = "Last reminded" }) });

    public ILocator ResidentRows => Residents.Locator("tbody tr.mud-table-row");

    public ILocator Select(string name) => page.GetByRole(AriaRole.Checkbox, new() { Name = $"Select {name}", Exact = true });

    public ILocator RemindSelected => page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Send reminder to \\d+ selected$") });

    public ILocator RemindEveryone => page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Send reminder to everyone not yet enrolled") });

    public ILocator ConfirmRemindEveryone => page.GetByRole(AriaRole.Button, new() { Name = "Yes, send the reminders", Exact = true });

    public ILocator ReminderStatus => page.GetByTestId("reminder-status");

    public ILocator Skipped => page.GetByRole(AriaRole.Table, new() { Name = "Residents who were not sent a reminder" }).Locator("tbody tr");

    public ILocator Download => page.GetByRole(AriaRole.Link, new() { Name = "Download these residents (CSV)" });

    public ILocator Refusal => page.GetByRole(AriaRole.Alert);

    public ILocator SortBy(string column) => Residents.GetByRole(AriaRole.Columnheader, new() { Name = column }).Locator(".sortable-column-header, .column-header").First;

    public async Task GotoAsync(Guid buildingId)
    {
        await page.GotoAsync(ManageRoutes.Building(buildingId));
        await new PortalShell(page).WaitForInteractiveAsync();
    }

    public async Task ChooseStatusAsync(string status)
    {
        await Status.ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = status, Exact = true }).ClickAsync();
    }
}
