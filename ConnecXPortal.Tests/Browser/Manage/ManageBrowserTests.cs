using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Tests.Browser.Pages;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Features.Manage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static ConnecXPortal.Tests.Infrastructure.ManageTestData;
using static Microsoft.Playwright.Assertions;

namespace ConnecXPortal.Tests.Browser.Manage;

/// <summary>A building manager's enrolment dashboard in Chromium: figures, charts, the resident table and reminders.</summary>
public sealed class ManageBrowserTests(BrowserFixture browser, PortalAppFactory app) : BrowserTest(browser, app), IClassFixture<PortalAppFactory>
{
    [BrowserFact]
    public async Task Manager_SeesTheFigures_FiltersTheTable_RemindsOne_ThenEveryone_AndIsToldWhoWasSkipped()
    {
        var building = await App.CreateManagedBuildingAsync(name: "Browser Towers");
        await App.AddResidentsAsync(building,
            new ResidentSpec("Ann", "Invited", Activated: false),
            new ResidentSpec("Ben", "Waiting"),
            new ResidentSpec("Cat", "Enrolled") { Factors = [(FactorKind.AuthenticatorApp, Sydney(2024, 8, 22, 9))], SignIns = [Sydney(2024, 8, 22, 9)] },
            new ResidentSpec("Dan", "Enrolled") { Factors = [(FactorKind.Passkey, Sydney(2024, 8, 23, 9))] });
        await Page.SignInAsync(App, DemoAccounts.Manager, "Welcome, Priya");
        await new PortalShell(Page).WaitForInteractiveAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Browser Towers" })).ToBeVisibleAsync();
        await AssertAccessibleAsync(Page);
        var dashboard = new ManageDashboardPageObject(Page);

        await Page.GetByRole(AriaRole.Link, new() { Name = "Enrolment dashboard" }).First.ClickAsync();
        await Expect(dashboard.Heading).ToHaveTextAsync("Enrolment dashboard");
        await Expect(Page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Browser Towers" })).ToContainTextAsync("50.0%");
        await AssertAccessibleAsync(Page);
        await Page.GetByRole(AriaRole.Link, new() { Name = "Browser Towers", Exact = true }).ClickAsync();
        await Expect(dashboard.Heading).ToHaveTextAsync("Enrolment: Browser Towers");
        await new PortalShell(Page).WaitForInteractiveAsync();
        await Expect(dashboard.Figure("residents")).ToHaveTextAsync("4");
        await Expect(dashboard.Figure("enrolled")).ToHaveTextAsync("2 (50.0%)");
        await Expect(dashboard.Figure("not-signed-in")).ToHaveTextAsync("2");
        await Expect(dashboard.MethodsChart).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex("Authenticator app 1, Passkey 1, Email code 0"));
        await Expect(dashboard.DailyChart).ToBeVisibleAsync();
        await Expect(dashboard.ResidentRows).ToHaveCountAsync(4);
        await AssertAccessibleAsync(Page);

        await dashboard.ChooseStatusAsync("Activated, not enrolled");
        await Expect(dashboard.ResidentRows).ToHaveCountAsync(1);
        await Expect(dashboard.ResidentRows.First).ToContainTextAsync("Ben Waiting");
        (await dashboard.Download.GetAttributeAsync("href")).Should().Be(ManageRoutes.Export(new(building) { Status = ConnecXPortal.Domain.People.AccountStatus.ActivatedWithoutFactor }));

        await dashboard.Select("Ben Waiting").CheckAsync();
        await dashboard.RemindSelected.ClickAsync();
        await Expect(dashboard.ReminderStatus).ToHaveTextAsync("Sent a reminder to Ben Waiting.");
        var reminded = dashboard.ResidentRows.First.Locator("td").Last;
        await Expect(reminded).ToHaveTextAsync("1 Oct 2024");
        await Expect(reminded.Locator("time")).ToHaveAttributeAsync("title", new System.Text.RegularExpressions.Regex("^1 Oct 2024, 9:0\\d am$"));

        await dashboard.RemindEveryone.ClickAsync();
        await dashboard.ConfirmRemindEveryone.ClickAsync();
        await Expect(dashboard.ReminderStatus).ToHaveTextAsync("Sent a reminder to Ann Invited. Skipped 1: see below.");
        await Expect(dashboard.Skipped).ToHaveCountAsync(1);
        await Expect(dashboard.Skipped.First).ToContainTextAsync(new System.Text.RegularExpressions.Regex(
            "Ben Waiting.*Reminded in the last 24 hours; can be reminded again from 2 Oct 2024, 9:0\\d am"));
        await AssertAccessibleAsync(Page);

        await using var db = App.CreateDbContext();
        (await db.AuditEvents.Where(e => e.Type == AuditEventTypes.ReminderSent && e.BuildingId == building).Select(e => e.IpAddress).ToListAsync())
            .Should().HaveCount(2).And.OnlyContain(ip => ip == "127.0.0.1");
    }

    [BrowserFact]
    public async Task Manager_OpeningAnotherManagersBuilding_IsRefused_AndAuditedOnce()
    {
        var notTheirs = await App.CreateManagedBuildingAsync(DemoAccounts.Manager, "Someone Else's Court");
        var managerId = await App.UserIdAsync(DemoAccounts.SecondManager);
        await Page.SignInAsync(App, DemoAccounts.SecondManager, "Welcome, Daniel");
        var dashboard = new ManageDashboardPageObject(Page);

        await dashboard.GotoAsync(notTheirs);

        await Expect(dashboard.Heading).ToHaveTextAsync("You can't open this building");
        await Expect(dashboard.Refusal).ToContainTextAsync("This attempt has been recorded.");
        await AssertAccessibleAsync(Page);
        await using var db = App.CreateDbContext();
        (await db.AuditEvents.CountAsync(e => e.Type == AuditEventTypes.BuildingAccessDenied && e.ActorId == managerId && e.BuildingId == notTheirs))
            .Should().Be(1, "the prerender and the live page are one visit");
    }
}
