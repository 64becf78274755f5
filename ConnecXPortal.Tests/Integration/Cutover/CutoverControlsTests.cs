using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Domain.Cutover;
using ConnecXPortal.Domain.Sessions;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Features.Cutover;
using ConnecXPortal.Web.Features.Sessions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ConnecXPortal.Tests.Integration.Cutover;

/// <summary>
/// Support's cutover controls against a real database with the runner run by the test: a pause stops one phase and
/// not the others, a resume carries on with every user's place kept, racing requests change the schedule once, and
/// only support with a fresh verification may act.
/// </summary>
public sealed class CutoverControlsTests
{
    private const string Reason = "Support lines flooded after the Android release.";
    private static readonly TimeSpan Sydney = TimeSpan.FromHours(10);
    private static readonly DateTimeOffset LongBefore = new(2024, 8, 1, 9, 0, 0, Sydney);
    private static readonly DateTimeOffset AndroidFrom = new(2024, 8, 22, 0, 0, 0, Sydney);
    private static readonly DateTimeOffset IosFrom = new(2024, 8, 29, 0, 0, 0, Sydney);

    [Fact]
    public async Task APausedPhase_EndsNoSession_WhileTheOthersCarryOn_AndResuming_KeepsEachUsersPlace()
    {
        await using var owned = await StartAsync();
        var app = owned.App;
        var users = await app.AddUsersAsync(300);
        var android = await app.AddSessionsAsync(users.Select(u => SessionTestData.NewSession(u, SessionClient.Android, LongBefore)));
        var ios = await app.AddSessionsAsync(users.Select(u => SessionTestData.NewSession(u, SessionClient.Ios, LongBefore)));
        var planned = app.Services.GetRequiredService<CutoverScheduleStore>().Configured;

        var pausedAt = AndroidFrom.AddDays(3);
        app.Clock.SetUtcNow(pausedAt);
        await app.RunCutoverAsync();
        var endedAtPause = await EndedUsersAsync(app, android);
        (await PauseAsync(app, SessionClient.Android)).Done.Should().BeTrue();

        // Well past the Android window's planned end and into iOS's: Android stands still, iOS goes on.
        var midIos = IosFrom.AddDays(2);
        app.Clock.SetUtcNow(midIos);
        await app.RunCutoverAsync();
        (await EndedUsersAsync(app, android)).Should().BeEquivalentTo(endedAtPause, "a paused phase ends no session");
        endedAtPause.Should().NotBeEmpty().And.HaveCountLessThan(users.Count);
        (await EndedUsersAsync(app, ios)).Should().BeEquivalentTo(users.Where(u => planned.PhaseFor(SessionClient.Ios)!.LogoutInstantFor(u) <= midIos));
        var check = await app.WithScopeAsync(s => s.GetRequiredService<ServerSessions>().CheckRequestAsync(
            android.First(s => !endedAtPause.Contains(s.UserId)).Id));
        check.EndedBecause.Should().BeNull("the request-time check obeys the pause too");

        var resumedAt = midIos;
        (await ResumeAsync(app, SessionClient.Android)).Done.Should().BeTrue();
        var pause = resumedAt - pausedAt;
        foreach (var later in new[] { resumedAt.AddHours(1), resumedAt.AddDays(2), IosFrom + pause })
        {
            app.Clock.SetUtcNow(later);
            await app.RunCutoverAsync();
            var expected = users.Where(u => planned.PhaseFor(SessionClient.Android)!.LogoutInstantFor(u) is var at && (at <= pausedAt || at + pause <= later));
            (await EndedUsersAsync(app, android)).Should().BeEquivalentTo(expected,
                $"at {later:u} each user's turn is their planned one, moved by the {pause} paused");
        }

        (await EndedUsersAsync(app, android)).Should().HaveCount(users.Count);
    }

    [Fact]
    public async Task FortyIdenticalPauses_AtOnce_ChangeTheScheduleOnce_AndAreAuditedOnce()
    {
        await using var owned = await StartAsync();
        var app = owned.App;
        app.Clock.SetUtcNow(AndroidFrom.AddDays(2));
        var support = await app.SteppedUpPrincipalAsync(DemoAccounts.Support);

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(() =>
            app.WithScopeAsync(s => s.GetRequiredService<CutoverControls>().PauseAsync(support, SessionClient.Android, Reason)))));

        results.Count(r => r.Done).Should().Be(1);
        results.Where(r => !r.Done).Should().OnlyContain(r => r.Message == "The Android app phase is already paused.");
        await using var db = app.CreateDbContext();
        (await db.AuditEvents.CountAsync(e => e.Type == AuditEventTypes.CutoverPhasePaused)).Should().Be(1);
        var row = await db.CutoverPhases.SingleAsync(p => p.Client == SessionClient.Android);
        row.Version.Should().Be(1, "one change was made");
        row.PausedAt.Should().Be(AndroidFrom.AddDays(2));
        var audit = await db.AuditEvents.SingleAsync(e => e.Type == AuditEventTypes.CutoverPhasePaused);
        audit.Reason.Should().Be(Reason);
        audit.ActorEmail.Should().Be(DemoAccounts.Support);
        audit.Details.Should().StartWith("Android app: paused at 24 Aug 2024, 12:00 am with ");
    }

    [Fact]
    public async Task WithoutAFreshVerification_OrAsSomeoneOtherThanSupport_NothingChanges()
    {
        await using var owned = await StartAsync();
        var app = owned.App;
        app.Clock.SetUtcNow(AndroidFrom.AddDays(2));
        var notSteppedUp = await app.PrincipalAsync(DemoAccounts.Support);
        var stale = await app.SteppedUpPrincipalAsync(DemoAccounts.Support);
        app.Clock.Advance(TimeSpan.FromMinutes(6));
        var manager = await app.SteppedUpPrincipalAsync(DemoAccounts.Manager);
        var support = await app.SteppedUpPrincipalAsync(DemoAccounts.Support);

        var refused = await app.WithScopeAsync(async s =>
        {
            var controls = s.GetRequiredService<CutoverControls>();
            return new[]
            {
                await controls.PauseAsync(notSteppedUp, SessionClient.Android, Reason),
                await controls.PauseAsync(stale, SessionClient.Android, Reason),
                await controls.MoveAsync(stale, CutoverDate.IosFrom, "2024-08-30T00:00", Reason),
                await controls.PauseAsync(manager, SessionClient.Android, Reason),
                await controls.PauseAsync(support, SessionClient.Android, "   "),
            };
        });

        refused[..3].Should().OnlyContain(r => r.NeedsStepUp && !r.Done);
        refused[3].Message.Should().Be("Only connecX support can do this.");
        refused[4].Message.Should().Be("Give a reason: it is recorded in the audit log.");
        await using var db = app.CreateDbContext();
        (await db.CutoverPhases.SumAsync(p => p.Version)).Should().Be(0);
        (await db.AuditEvents.CountAsync(e => e.Type.StartsWith("cutover.") && e.Type != AuditEventTypes.CutoverPhaseApplied)).Should().Be(0);
    }

    [Fact]
    public async Task MovingADate_IsValidatedAsAtStart_AndTheJobFollowsTheMovedDate()
    {
        await using var owned = await StartAsync();
        var app = owned.App;
        app.Clock.SetUtcNow(AndroidFrom.AddDays(2));
        var support = await app.SteppedUpPrincipalAsync(DemoAccounts.Support);
        var users = await app.AddUsersAsync(50);
        var ios = await app.AddSessionsAsync(users.Select(u => SessionTestData.NewSession(u, SessionClient.Ios, LongBefore)));

        var results = await app.WithScopeAsync(async s =>
        {
            var controls = s.GetRequiredService<CutoverControls>();
            return new[]
            {
                await controls.MoveAsync(support, CutoverDate.IosFrom, "2024-10-06T02:30", Reason),
                await controls.MoveAsync(support, CutoverDate.IosFrom, "2024-09-06T00:00", Reason),
                await controls.MoveAsync(support, CutoverDate.AndroidFrom, "2024-08-25T00:00", Reason),
                await controls.MoveAsync(support, CutoverDate.IosFrom, "next week", Reason),
                await controls.MoveAsync(support, CutoverDate.IosFrom, "2024-08-31T00:00", Reason),
            };
        });

        results[0].Message.Should().Contain("Cutover:IosFrom (2024-10-06T02:30) does not exist in Australia/Sydney");
        results[1].Message.Should().Be("Cutover:WhiteLabelFrom (2024-09-05T00:00) must be after Cutover:IosFrom (2024-09-06T00:00): the iOS phase runs before the white-label phase.");
        results[2].Message.Should().StartWith("The Android app phase has started, so its start can no longer move");
        results[3].Message.Should().Be("Enter the new date and time (day, month, year, hours and minutes).");
        results[4].Message.Should().Be("Moved the iOS phase's start to 31 Aug 2024, 12:00 am.");
        results[4].Done.Should().BeTrue();

        app.Clock.SetUtcNow(IosFrom.AddDays(1));
        await app.RunCutoverAsync();
        (await EndedUsersAsync(app, ios)).Should().BeEmpty("the iOS phase now starts on 31 August");
        await using var db = app.CreateDbContext();
        (await db.AuditEvents.SingleAsync(e => e.Type == AuditEventTypes.CutoverDateMoved)).Details
            .Should().Be("The iOS phase's start moved from 29 Aug 2024, 12:00 am to 31 Aug 2024, 12:00 am.");
        var schedule = app.Services.GetRequiredService<CutoverSchedule>();
        schedule.PhaseFor(SessionClient.Ios)!.Start.Should().Be(new DateTimeOffset(2024, 8, 31, 0, 0, 0, Sydney));
        schedule.PhaseFor(SessionClient.Android)!.End.Should().Be(new DateTimeOffset(2024, 8, 31, 0, 0, 0, Sydney));
    }

    private static Task<OwnedApp<CutoverEveAppFactory>> StartAsync()
    {
        var app = new CutoverEveAppFactory();
        app.WithoutCutoverJob();
        return OwnedApp<CutoverEveAppFactory>.StartAsync(app);
    }

    private static async Task<ConnecXPortal.Web.Features.Support.Users.SupportActionResult> PauseAsync(PortalAppFactory app, SessionClient client)
    {
        var support = await app.SteppedUpPrincipalAsync(DemoAccounts.Support);
        return await app.WithScopeAsync(s => s.GetRequiredService<CutoverControls>().PauseAsync(support, client, Reason));
    }

    private static async Task<ConnecXPortal.Web.Features.Support.Users.SupportActionResult> ResumeAsync(PortalAppFactory app, SessionClient client)
    {
        var support = await app.SteppedUpPrincipalAsync(DemoAccounts.Support);
        return await app.WithScopeAsync(s => s.GetRequiredService<CutoverControls>().ResumeAsync(support, client, "Support has caught up."));
    }

    private static async Task<List<Guid>> EndedUsersAsync(PortalAppFactory app, IEnumerable<UserSession> sessions)
    {
        var ids = sessions.Select(s => s.Id).ToList();
        await using var db = app.CreateDbContext();
        return await db.UserSessions.Where(s => ids.Contains(s.Id) && s.EndedAt != null).Select(s => s.UserId).ToListAsync();
    }
}
