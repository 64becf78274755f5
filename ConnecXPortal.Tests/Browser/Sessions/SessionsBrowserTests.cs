using ConnecXPortal.Domain.Sessions;
using ConnecXPortal.Tests.Browser.Pages;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Sessions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConnecXPortal.Tests.Browser.Sessions;

/// <summary>Live pages whose session ends on the server, and Devices and sessions. Circuits re-check every second here.</summary>
public sealed class SessionsBrowserTests(BrowserFixture browser, FastCircuitAppFactory app)
    : BrowserTest(browser, app), IClassFixture<FastCircuitAppFactory>
{
    [BrowserFact]
    public async Task EndingAnotherSession_FromDevicesAndSessions_SignsThatBrowserOut_WithAMessage()
    {
        var user = await App.CreateResidentAsync();
        var otherBrowser = await NewPageAsync();
        await SignInAsync(otherBrowser, user.Email!);
        await SignInAsync(Page, user.Email!);
        var sessions = new DevicesAndSessionsPageObject(Page);

        await sessions.GotoAsync();
        await Expect(sessions.Sessions).ToHaveCountAsync(2);
        await Expect(sessions.ThisBrowser).ToHaveCountAsync(1);
        await AssertAccessibleAsync(Page);
        await sessions.EndTheOtherSessionAsync();

        await Expect(sessions.Status).ToHaveTextAsync("Ended the session on Chrome on Linux.");
        await Expect(sessions.Sessions).ToHaveCountAsync(1);
        await Expect(sessions.RecentlyEnded).ToContainTextAsync(["Chrome on Linux: Ended from Devices and sessions"]);
        var otherSignIn = new SignInPageObject(otherBrowser);
        await Expect(otherSignIn.Status).ToHaveTextAsync("This session was ended from Devices and sessions. Sign in to continue.");
        await AssertAccessibleAsync(otherBrowser);
    }

    [BrowserFact]
    public async Task EndingAllOtherSessions_EndsOtherBrowsersAndAppDevices_AndKeepsThisOne()
    {
        var user = await App.CreateResidentAsync();
        await App.AddSessionsAsync([SessionTestData.NewSession(user.Id, SessionClient.Android, App.Clock.GetUtcNow())]);
        var otherBrowser = await NewPageAsync();
        await SignInAsync(otherBrowser, user.Email!);
        await SignInAsync(Page, user.Email!);
        var sessions = new DevicesAndSessionsPageObject(Page);
        await sessions.GotoAsync();
        await Expect(sessions.OtherSessions).ToHaveCountAsync(2);
        await Expect(sessions.OtherSessions.GetByRole(AriaRole.Heading, new() { Name = "connecX app on Android" })).ToBeVisibleAsync();

        await sessions.EndAllOthers.ClickAsync();

        await Expect(sessions.Status).ToHaveTextAsync("Ended 2 other sessions.");
        await Expect(sessions.Sessions).ToHaveCountAsync(1);
        await Expect(sessions.ThisBrowser).ToHaveCountAsync(1);
        await Expect(sessions.EndAllOthers).ToBeDisabledAsync();
        await Expect(new SignInPageObject(otherBrowser).Status).ToHaveTextAsync("This session was ended from Devices and sessions. Sign in to continue.");
        await AssertAccessibleAsync(Page);
    }

    [BrowserFact]
    public async Task SupportEndingAUsersSessions_SignsTheirLivePageOut_WithAMessage()
    {
        var user = await App.CreateResidentAsync();
        await SignInAsync(Page, user.Email!);

        await App.WithScopeAsync(async services =>
        {
            var support = await services.GetRequiredService<PortalDbContext>().Users.SingleAsync(u => u.Email == DemoAccounts.Support);
            await services.GetRequiredService<ServerSessions>().EndAllAsync(user.Id, SessionEndReason.EndedBySupport, support, "Suspicious sign-in.");
        });

        await Expect(new SignInPageObject(Page).Status).ToHaveTextAsync(
            "connecX support ended your session. Sign in to continue, or contact support if you did not expect this.");
        Page.Url.Should().EndWith("reason=ended-by-support");
        await AssertAccessibleAsync(Page);
    }

    [BrowserFact]
    public async Task UsingALivePage_KeepsItsSessionFromGoingIdle()
    {
        var user = await App.CreateResidentAsync();
        await SignInAsync(Page, user.Email!);
        var shell = new PortalShell(Page);

        App.Clock.Advance(TimeSpan.FromMinutes(50));
        var activeAt = App.Clock.GetUtcNow().ToUniversalTime();
        await shell.Navigation.GetByRole(AriaRole.Link, new() { Name = "Devices and sessions" }).ClickAsync();
        await Expect(shell.Heading).ToHaveTextAsync("Devices and sessions");

        // The circuit sends no HTTP request; its next check records the activity on the session.
        await Eventually.TrueAsync(async () =>
        {
            await using var db = App.CreateDbContext();
            return await db.UserSessions.AnyAsync(s => s.UserId == user.Id && s.LastSeenAt == activeAt);
        }, "the circuit's activity is recorded as last seen");

        // 100 minutes after signing in, 50 after the activity: the cookie still works on a full page load.
        App.Clock.Advance(TimeSpan.FromMinutes(50));
        await Page.GotoAsync("/");
        await Expect(shell.Heading).ToHaveTextAsync("Welcome, Test");
    }

    private async Task SignInAsync(IPage page, string email)
    {
        await page.SignInAsync(App, email, "Welcome, Test");
        await new PortalShell(page).WaitForInteractiveAsync();
    }
}

/// <summary>The portal with live circuits re-checking their session every second, so browser tests wait briefly.</summary>
public sealed class FastCircuitAppFactory : BeforeCutoverPortalAppFactory
{
    public FastCircuitAppFactory() => WithSetting("Sessions:CircuitRevalidationInterval", "00:00:01");
}
