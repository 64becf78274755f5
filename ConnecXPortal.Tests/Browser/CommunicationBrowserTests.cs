using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Tests.Browser.Pages;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Features.Help;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConnecXPortal.Tests.Browser;

public sealed class HelpBrowserTests(BrowserFixture browser, PortalAppFactory app) : BrowserTest(browser, app), IClassFixture<PortalAppFactory>
{
    [BrowserFact]
    public async Task FromTheSignInPage_EveryHelpArticle_IsReachable_AndAccessible_WithoutSigningIn()
    {
        await new SignInPageObject(Page).GotoAsync();
        await AssertAccessibleAsync(Page);
        await Page.GetByRole(AriaRole.Link, new() { Name = "Read the step-by-step help" }).ClickAsync();

        var help = new HelpPageObject(Page);
        await Expect(help.Heading).ToHaveTextAsync("Help with signing in");
        await AssertAccessibleAsync(Page);

        foreach (var article in HelpRoutes.Articles)
        {
            await help.Article(article.Title).ClickAsync();
            await Expect(help.Heading).ToHaveTextAsync(article.Title);
            await Expect(Page).ToHaveURLAsync(new Uri(App.ServerAddress, article.Path).ToString());
            await AssertAccessibleAsync(Page);
            foreach (var image in await help.Screenshots.AllAsync())
            {
                // Screenshots load lazily: bring each into view, then wait for it to decode (a broken image rejects).
                await image.ScrollIntoViewIfNeededAsync();
                await image.EvaluateAsync("img => img.decode()");
                (await image.EvaluateAsync<int>("img => img.naturalWidth")).ToString(System.Globalization.CultureInfo.InvariantCulture)
                    .Should().Be(await image.GetAttributeAsync("width"), "the screenshot {0} loads at its declared size", await image.GetAttributeAsync("src"));
            }

            await help.BackToIndex.ClickAsync();
            await Expect(help.Heading).ToHaveTextAsync("Help with signing in");
        }
    }
}

public sealed class SendGridStubPortal : PortalAppFactory
{
    public SendGridStubPortal()
    {
        Stub = SendGridStub.StartAsync().GetAwaiter().GetResult();
        WithSetting("Email:Provider", "SendGrid")
            .WithSetting("Email:SendGrid:ApiKey", "SG.browser-key")
            .WithSetting("Email:SendGrid:Host", Stub.BaseAddress.ToString());
    }

    public SendGridStub Stub { get; }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Stub.DisposeAsync();
    }
}

public sealed class SupportAnnouncementBrowserTests(BrowserFixture browser, SendGridStubPortal app)
    : BrowserTest(browser, app), IClassFixture<SendGridStubPortal>
{
    [BrowserFact]
    public async Task Support_SendsTheAnnouncementToABuilding_AndSeesItsProgressLive()
    {
        var building = await App.CreateBuildingWithResidentsAsync(3);
        string name;
        await using (var db = App.CreateDbContext())
        {
            name = await db.Buildings.Where(b => b.Id == building).Select(b => b.Name).SingleAsync();
        }

        var release = new TaskCompletionSource<StubAnswer?>(TaskCreationOptions.RunContinuationsAsynchronously);
        app.Stub.RespondAsync = (_, _) => release.Task;
        await Page.SignInAsync(App, DemoAccounts.Support, "Welcome, Sam");

        var announcements = new SupportAnnouncementsPageObject(Page);
        await announcements.GotoAsync();
        await AssertAccessibleAsync(Page);
        await announcements.ChosenBuildings.CheckAsync();
        await announcements.Building(name).CheckAsync();
        await Expect(announcements.Summary).ToHaveTextAsync("This sends the announcement to 3 residents.");
        await announcements.Send.ClickAsync();
        await announcements.Confirm.ClickAsync();

        var campaign = announcements.Campaign(name);
        await Expect(campaign.Status).ToHaveTextAsync("Sending");
        await Expect(campaign.Pending).ToHaveTextAsync("3");
        await Expect(campaign.Sent).ToHaveTextAsync("0");
        await AssertAccessibleAsync(Page);

        release.SetResult(null);

        await Expect(campaign.Status).ToHaveTextAsync("Finished");
        await Expect(campaign.Sent).ToHaveTextAsync("3");
        await Expect(campaign.Pending).ToHaveTextAsync("0");
        app.Stub.Requests.Single().Recipients().Should().HaveCount(3);
    }

    [BrowserFact]
    public async Task Support_ChoosingNoBuilding_IsToldToChooseOne()
    {
        await Page.SignInAsync(App, DemoAccounts.Support, "Welcome, Sam");
        var announcements = new SupportAnnouncementsPageObject(Page);
        await announcements.GotoAsync();

        await announcements.ChosenBuildings.CheckAsync();
        await announcements.Send.ClickAsync();

        await Expect(Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Choose at least one building, or send to all residents.");
        await Expect(announcements.Confirm).ToHaveCountAsync(0);
        await AssertAccessibleAsync(Page);
    }
}

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
