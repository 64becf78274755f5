using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Domain.Sessions;
using ConnecXPortal.Tests.Browser.Pages;
using ConnecXPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConnecXPortal.Tests.Browser.Cutover;

/// <summary>Support steers the rollout on /support/cutover in Chromium, in the middle of the Android phase.</summary>
public sealed class CutoverControlsBrowserTests(BrowserFixture browser, CutoverControlsBrowserTests.MidAndroidApp app)
    : BrowserTest(browser, app), IClassFixture<CutoverControlsBrowserTests.MidAndroidApp>
{
    private const string Reason = "Support lines flooded after the Android release.";

    [BrowserFact]
    public async Task Support_PausesAndResumesTheAndroidPhase_WithAReason_AndAStepUpThatKeepsWhatWasTyped()
    {
        var users = await App.AddUsersAsync(40);
        await App.AddSessionsAsync(users.Select(u => SessionTestData.NewSession(u, SessionClient.Android, MidAndroidApp.Start.AddDays(-10))));
        await App.RunCutoverAsync();
        await Page.SignInAsync(App, DemoAccounts.Support, "Welcome, Sam");
        var android = Page.Locator("tr[data-phase=Android]");

        await Page.GotoAsync("/support/cutover");
        await new PortalShell(Page).WaitForInteractiveAsync();

        await Expect(android).ToContainTextAsync("In progress:");
        await Expect(Page.GetByTestId("preview-chart")).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("preview-chart")).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex("^Sessions the cutover will end per day: .*Android app [1-9]"));
        await Expect(Page.GetByTestId("preview-table").GetByRole(AriaRole.Columnheader, new() { Name = "Android app" })).ToBeVisibleAsync();
        await AssertAccessibleAsync(Page);

        var pause = Page.GetByRole(AriaRole.Button, new() { Name = "Pause the Android app phase" });
        await pause.ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Give a reason" }))
            .ToHaveTextAsync("Give a reason: it is recorded in the audit log.");
        await Expect(android).ToContainTextAsync("In progress:");

        await Page.GetByLabel("Reason for the change").FillAsync(Reason);
        await pause.ClickAsync();

        await Expect(Page.GetByTestId("control-status")).ToHaveTextAsync("Paused the Android app phase. It logs nobody out until it is resumed.");
        await Expect(android).ToContainTextAsync("Paused:");
        await Expect(Page.GetByLabel("Reason for the change")).ToHaveValueAsync("");
        await AssertAccessibleAsync(Page);

        // Six minutes later the sign-in no longer counts as a recent verification.
        App.Clock.Advance(TimeSpan.FromMinutes(6));
        await Page.GetByLabel("Reason for the change").FillAsync("Support has caught up with the calls.");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Resume the Android app phase" }).ClickAsync();

        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Verify it's you");
        await new ChallengePageObject(Page).EnterCodeAsync(App.NextTotp(DemoAccounts.AuthenticatorKey));
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("MFA cutover");
        await new PortalShell(Page).WaitForInteractiveAsync();
        await Expect(Page.GetByTestId("control-status")).ToContainTextAsync("You have verified it's you, and what you typed is still here. Select Resume the Android app phase again");
        await Expect(Page.GetByLabel("Reason for the change")).ToHaveValueAsync("Support has caught up with the calls.");
        await Expect(android).ToContainTextAsync("Paused:", new() { Timeout = 1_000 });
        await AssertAccessibleAsync(Page);

        await Page.GetByRole(AriaRole.Button, new() { Name = "Resume the Android app phase" }).ClickAsync();

        await Expect(Page.GetByTestId("control-status")).ToContainTextAsync("Resumed the Android app phase where it stopped. Its last logout is now at");
        await Expect(android).ToContainTextAsync("In progress:");
        await using var db = App.CreateDbContext();
        var events = await db.AuditEvents.Where(e => e.Type == AuditEventTypes.CutoverPhasePaused || e.Type == AuditEventTypes.CutoverPhaseResumed).OrderBy(e => e.Id).ToListAsync();
        events.Select(e => (e.Type, e.Reason)).Should().Equal(
            (AuditEventTypes.CutoverPhasePaused, Reason),
            (AuditEventTypes.CutoverPhaseResumed, "Support has caught up with the calls."));
    }

    /// <summary>The portal on 25 August 2024 at noon in Sydney: the portal cutover done, the Android phase half way.</summary>
    public sealed class MidAndroidApp : PortalAppFactory
    {
        public static readonly DateTimeOffset Start = new(2024, 8, 25, 12, 0, 0, TimeSpan.FromHours(10));

        protected override DateTimeOffset StartTime => Start;
    }
}
