using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Tests.Browser.Pages;
using ConnecXPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConnecXPortal.Tests.Browser.Manage;

public sealed class CommunicationKitBrowserTests(BrowserFixture browser, PortalAppFactory app) : BrowserTest(browser, app), IClassFixture<PortalAppFactory>
{
    [BrowserFact]
    public async Task Manager_SendsTheAnnouncementToTheirResidents_FromTheKit()
    {
        var building = await BuildingAsync("Parkside Residences");
        await Page.SignInAsync(App, DemoAccounts.Manager, "Welcome, Priya");
        var kit = new CommunicationKitPageObject(Page);

        await kit.GotoAsync(building);
        await Expect(kit.Heading).ToHaveTextAsync("Communication kit: Parkside Residences");
        await Expect(kit.EmailPreview).ToBeVisibleAsync();
        await AssertAccessibleAsync(Page);
        await kit.SendToResidents.ClickAsync();
        await kit.Confirm.ClickAsync();

        await Expect(kit.Campaign("Parkside Residences").Status).ToHaveTextAsync("Finished");
        await Expect(kit.Status).ToHaveTextAsync("20 of 20 residents of Parkside Residences have been sent the announcement.");
        await Expect(kit.SendToResidents).ToHaveCountAsync(0);
        await AssertAccessibleAsync(Page);
    }

    [BrowserFact]
    public async Task Manager_OpeningAnotherBuildingsKit_IsRefused_AndTheAttemptIsAuditedOnce()
    {
        var notTheirs = await BuildingAsync("Harbourview Apartments");
        await Page.SignInAsync(App, DemoAccounts.SecondManager, "Welcome, Daniel");
        var kit = new CommunicationKitPageObject(Page);

        await kit.GotoAsync(notTheirs);

        await Expect(kit.Heading).ToHaveTextAsync("You can't open this building's kit");
        await Expect(kit.Refusal).ToContainTextAsync("This attempt has been recorded.");
        await Expect(kit.EmailPreview).ToHaveCountAsync(0);
        await AssertAccessibleAsync(Page);
        await using var db = App.CreateDbContext();
        (await db.AuditEvents.CountAsync(e => e.Type == AuditEventTypes.BuildingAccessDenied && e.ActorEmail == DemoAccounts.SecondManager
            && e.BuildingId == notTheirs)).Should().Be(1, "the prerender and the interactive render of one visit are one attempt");
    }

    [BrowserFact]
    public async Task PrintableNotice_IsAccessible_AndPrintsWithoutItsButtons()
    {
        var building = await BuildingAsync("Harbourview Apartments");
        await Page.SignInAsync(App, DemoAccounts.Manager, "Welcome, Priya");
        var kit = new CommunicationKitPageObject(Page);
        await kit.GotoAsync(building);

        await kit.PrintableNotice.ClickAsync();

        await Expect(kit.Notice).ToContainTextAsync("Harbourview Apartments");
        await Expect(kit.PrintButton).ToBeVisibleAsync();
        await AssertAccessibleAsync(Page);
        await Page.EvaluateAsync("() => { window.cxPrinted = 0; window.print = () => window.cxPrinted++; }");
        await kit.PrintButton.ClickAsync();
        (await Page.EvaluateAsync<int>("() => window.cxPrinted")).Should().Be(1, "the button prints through layout.js, not an inline handler");

        await Page.EmulateMediaAsync(new() { Media = Media.Print });

        await Expect(kit.PrintButton).ToBeHiddenAsync();
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Back to the communication kit" })).ToBeHiddenAsync();
        await Expect(kit.Notice).ToBeVisibleAsync();
    }

    private async Task<Guid> BuildingAsync(string name)
    {
        await using var db = App.CreateDbContext();
        return await db.Buildings.Where(b => b.Name == name).Select(b => b.Id).SingleAsync();
    }
}
