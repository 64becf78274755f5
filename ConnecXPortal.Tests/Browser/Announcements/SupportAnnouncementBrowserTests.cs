using ConnecXPortal.Tests.Browser.Pages;
using ConnecXPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConnecXPortal.Tests.Browser.Announcements;

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
