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
/// The cutover runner against a real database, on the default schedule, with the clock set by the test (the
/// background loop is off, so each test decides when a run happens). Each test starts its own portal on the eve of
/// the cutover, because the clock only moves forward.
/// </summary>
public sealed class CutoverJobTests
{
    private static readonly TimeSpan Sydney = TimeSpan.FromHours(10);
    private static readonly DateTimeOffset PortalCutover = new(2024, 8, 21, 18, 0, 0, Sydney);
    private static readonly DateTimeOffset LongBefore = new(2024, 8, 1, 9, 0, 0, Sydney);

    public static TheoryData<SessionClient> AppClients => [SessionClient.Android, SessionClient.Ios, SessionClient.WhiteLabel];

    [Fact]
    public async Task PortalPhase_EndsNothingBeforeItsTime_AndEveryPortalSessionFromBeforeItAtItsTime()
    {
        await using var owned = await StartAsync();
        var app = owned.App;
        var users = await app.AddUsersAsync(4);
        var before = await app.AddSessionsAsync(users.Take(3).Select(u => SessionTestData.NewSession(u, SessionClient.Portal, LongBefore)));
        var after = await app.AddSessionsAsync([SessionTestData.NewSession(users[3], SessionClient.Portal, PortalCutover)]);
        var android = await app.AddSessionsAsync([SessionTestData.NewSession(users[0], SessionClient.Android, LongBefore)]);

        app.Clock.SetUtcNow(PortalCutover.AddTicks(-1));
        (await app.RunCutoverAsync()).Should().BeEmpty();
        (await LiveAsync(app, before)).Should().Be(3);

        app.Clock.SetUtcNow(PortalCutover);
        var runs = await app.RunCutoverAsync();

        var run = runs.Should().ContainSingle().Which;
        run.Client.Should().Be(SessionClient.Portal);
        run.SessionsEnded.Should().Be(3);
        foreach (var session in before)
        {
            var ended = await app.ReloadAsync(session.Id);
            ended.EndReason.Should().Be(SessionEndReason.MfaCutover);
            ended.EndedAt.Should().Be(PortalCutover);
        }

        (await LiveAsync(app, after)).Should().Be(1, "it was created under mandatory MFA");
        (await LiveAsync(app, android)).Should().Be(1, "the Android phase has not started");
    }

    [Theory]
    [MemberData(nameof(AppClients))]
    public async Task AppPhase_EndsNothingOfItsClientBeforeItStarts_AndEverySessionFromBeforeItByTheEndOfItsWindow(SessionClient client)
    {
        await using var owned = await StartAsync();
        var app = owned.App;
        var phase = app.Services.GetRequiredService<CutoverSchedule>().PhaseFor(client)!;
        var users = await app.AddUsersAsync(40);
        var before = await app.AddSessionsAsync(users.Take(30).Select(u => SessionTestData.NewSession(u, client, LongBefore)));
        var afterStart = await app.AddSessionsAsync(users.Skip(30).Select(u => SessionTestData.NewSession(u, client, phase.Start.AddHours(1))));
        var otherClients = await app.AddSessionsAsync(Enum.GetValues<SessionClient>().Where(c => c != client)
            .Select(c => SessionTestData.NewSession(users[0], c, LongBefore)));

        app.Clock.SetUtcNow(phase.Start.AddTicks(-1));
        await app.RunCutoverAsync();
        (await LiveAsync(app, before)).Should().Be(30, "the phase has not started");

        app.Clock.SetUtcNow(phase.End);
        await app.RunCutoverAsync();

        (await LiveAsync(app, before)).Should().Be(0);
        (await LiveAsync(app, afterStart)).Should().Be(10, "they signed in after the phase started, with MFA");
        var survivors = await LiveClientsAsync(app, otherClients);
        survivors.Should().BeEquivalentTo(
            otherClients.Select(s => s.Client).Where(c => c > client && CutoverSpread.PositionOf(users[0]) > 0),
            "earlier phases have ended their clients' sessions by then; later ones start where this one ends");
    }

    [Fact]
    public async Task AndroidPhase_InsideItsWindow_EndsExactlyTheUsersWhoseTurnHasCome()
    {
        await using var owned = await StartAsync();
        var app = owned.App;
        var android = app.Services.GetRequiredService<CutoverSchedule>().PhaseFor(SessionClient.Android)!;
        var users = await app.AddUsersAsync(300);
        var sessions = await app.AddSessionsAsync(users.Select(u => SessionTestData.NewSession(u, SessionClient.Android, LongBefore)));
        var ios = await app.AddSessionsAsync(users.Take(10).Select(u => SessionTestData.NewSession(u, SessionClient.Ios, LongBefore)));

        foreach (var now in new[] { android.Start.AddHours(20), android.Start.AddDays(3.5), android.Start.AddDays(6.5) })
        {
            app.Clock.SetUtcNow(now);
            await app.RunCutoverAsync();

            await using var db = app.CreateDbContext();
            var ended = await db.UserSessions.Where(s => s.Client == SessionClient.Android && s.EndedAt != null).Select(s => s.UserId).ToListAsync();
            var due = users.Where(u => android.LogoutInstantFor(u) <= now).ToList();
            ended.Should().BeEquivalentTo(due, $"at {now:u} exactly the users whose logout instant has passed are out");
            due.Count.Should().BeInRange(1, users.Count - 1, "the sample straddles the instant");
        }

        (await LiveAsync(app, ios)).Should().Be(10);
    }

    [Fact]
    public async Task RunningAgain_EndsNothingMore_AndRecordsNoNewRun()
    {
        await using var owned = await StartAsync();
        var app = owned.App;
        var users = await app.AddUsersAsync(20);
        await app.AddSessionsAsync(users.SelectMany(u => Enum.GetValues<SessionClient>().Select(c => SessionTestData.NewSession(u, c, LongBefore))));
        app.Clock.SetUtcNow(new DateTimeOffset(2024, 9, 12, 9, 0, 0, Sydney));
        var first = await app.RunCutoverAsync();
        var (endedAfterFirst, runsAfterFirst) = await CountsAsync(app);

        var second = await app.RunCutoverAsync();

        first.Should().HaveCount(4).And.OnlyContain(r => r.FromPosition == 0 && r.ToPosition == CutoverSpread.Resolution);
        first.Sum(r => r.SessionsEnded).Should().Be(80);
        second.Should().BeEmpty();
        (await CountsAsync(app)).Should().Be((endedAfterFirst, runsAfterFirst));
        endedAfterFirst.Should().Be(80);
    }

    [Fact]
    public async Task ProgressiveRuns_AreRecorded_WithoutGapsOrOverlaps_AndAudited()
    {
        await using var owned = await StartAsync();
        var app = owned.App;
        var android = app.Services.GetRequiredService<CutoverSchedule>().PhaseFor(SessionClient.Android)!;
        var users = await app.AddUsersAsync(100);
        await app.AddSessionsAsync(users.Select(u => SessionTestData.NewSession(u, SessionClient.Android, LongBefore)));

        for (var now = android.Start; now <= android.End; now += TimeSpan.FromHours(12))
        {
            app.Clock.SetUtcNow(now);
            await app.RunCutoverAsync();
        }

        await using var db = app.CreateDbContext();
        var runs = await db.CutoverRuns.Where(r => r.Client == SessionClient.Android).OrderBy(r => r.FromPosition).ToListAsync();
        runs.Should().HaveCount(15);
        runs[0].FromPosition.Should().Be(0);
        runs.Zip(runs.Skip(1)).Should().OnlyContain(pair => pair.First.ToPosition == pair.Second.FromPosition);
        runs[^1].ToPosition.Should().Be(CutoverSpread.Resolution);
        runs.Sum(r => r.SessionsEnded).Should().Be(100);
        runs.Should().OnlyContain(r => r.StartedAt <= r.FinishedAt && r.Instance == "test" && r.DueAt <= r.StartedAt);

        var progress = await db.CutoverPhases.SingleAsync(p => p.Client == SessionClient.Android);
        progress.SessionsEnded.Should().Be(100);
        progress.FirstRunAt.Should().Be(android.Start);
        progress.CompletedAt.Should().Be(android.End);

        var audited = await db.AuditEvents.Where(e => e.Type == AuditEventTypes.CutoverPhaseApplied && e.Details!.StartsWith("Android app")).ToListAsync();
        audited.Should().NotBeEmpty().And.OnlyContain(e => e.Reason == "MFA cutover");
        audited.Should().Contain(e => e.Details!.EndsWith("phase complete."));
    }

    [Fact]
    public async Task TwoInstancesRacing_OnOneDatabase_ApplyEachRangeExactlyOnce()
    {
        await using var owned = await StartAsync();
        var app = owned.App;
        var schedule = app.Services.GetRequiredService<CutoverSchedule>();
        var users = await app.AddUsersAsync(200);
        var sessions = await app.AddSessionsAsync(users.SelectMany(u => Enum.GetValues<SessionClient>().Select(c => SessionTestData.NewSession(u, c, LongBefore))));

        var returned = new List<(string Instance, CutoverRun Run)>();
        for (var now = PortalCutover; now <= schedule.AppPhases[^1].End.AddHours(6); now += TimeSpan.FromHours(6))
        {
            app.Clock.SetUtcNow(now);
            var results = await Task.WhenAll(RaceAsync(app, "instance-a"), RaceAsync(app, "instance-b"));
            returned.AddRange(results.SelectMany(r => r));
        }

        await using var db = app.CreateDbContext();
        var recorded = await db.CutoverRuns.ToListAsync();
        returned.Select(r => r.Run.Id).Should().OnlyHaveUniqueItems("no run is reported by both instances")
            .And.BeEquivalentTo(recorded.Select(r => r.Id), "every recorded run was made by exactly one of them");
        foreach (var client in Enum.GetValues<SessionClient>())
        {
            var runs = recorded.Where(r => r.Client == client).OrderBy(r => r.FromPosition).ToList();
            runs[0].FromPosition.Should().Be(0);
            runs.Zip(runs.Skip(1)).All(pair => pair.First.ToPosition == pair.Second.FromPosition)
                .Should().BeTrue($"{client}'s runs must follow each other without gaps or overlaps");
            runs[^1].ToPosition.Should().Be(CutoverSpread.Resolution);
            runs.Sum(r => r.SessionsEnded).Should().Be(200, $"each {client} session was ended once");
        }

        (await LiveAsync(app, sessions)).Should().Be(0);
        (await db.CutoverPhases.SumAsync(p => p.SessionsEnded)).Should().Be(800);
    }

    [Fact]
    public async Task SessionsAlreadyEndedOrExpired_AreNotEndedAgain()
    {
        await using var owned = await StartAsync();
        var app = owned.App;
        var users = await app.AddUsersAsync(3);
        var signedOut = SessionTestData.NewSession(users[0], SessionClient.Portal, LongBefore);
        signedOut.EndedAt = LongBefore.AddHours(1);
        signedOut.EndReason = SessionEndReason.SignedOut;
        var lapsed = SessionTestData.NewSession(users[1], SessionClient.Portal, LongBefore);
        lapsed.ExpiresAt = LongBefore.AddHours(1);
        var live = SessionTestData.NewSession(users[2], SessionClient.Portal, LongBefore);
        await app.AddSessionsAsync([signedOut, lapsed, live]);

        app.Clock.SetUtcNow(PortalCutover);
        var run = (await app.RunCutoverAsync()).Should().ContainSingle().Which;

        run.SessionsEnded.Should().Be(1);
        (await app.ReloadAsync(signedOut.Id)).EndReason.Should().Be(SessionEndReason.SignedOut);
        (await app.ReloadAsync(lapsed.Id)).EndedAt.Should().BeNull();
        (await app.ReloadAsync(live.Id)).EndReason.Should().Be(SessionEndReason.MfaCutover);
    }

    private static Task<OwnedApp<CutoverEveAppFactory>> StartAsync()
    {
        var app = new CutoverEveAppFactory();
        app.WithoutCutoverJob();
        return OwnedApp<CutoverEveAppFactory>.StartAsync(app);
    }

    private static Task<List<(string, CutoverRun)>> RaceAsync(PortalAppFactory app, string instance) =>
        Task.Run(async () =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            var runner = scope.ServiceProvider.GetRequiredService<CutoverRunner>();
            runner.Instance = instance;
            var runs = await runner.RunDueAsync();
            return runs.Select(r => (instance, r)).ToList();
        });

    private static async Task<int> LiveAsync(PortalAppFactory app, IEnumerable<UserSession> sessions)
    {
        var ids = sessions.Select(s => s.Id).ToList();
        await using var db = app.CreateDbContext();
        return await db.UserSessions.CountAsync(s => ids.Contains(s.Id) && s.EndedAt == null);
    }

    private static async Task<List<SessionClient>> LiveClientsAsync(PortalAppFactory app, IEnumerable<UserSession> sessions)
    {
        var ids = sessions.Select(s => s.Id).ToList();
        await using var db = app.CreateDbContext();
        return await db.UserSessions.Where(s => ids.Contains(s.Id) && s.EndedAt == null).Select(s => s.Client).ToListAsync();
    }

    private static async Task<(int Ended, int Runs)> CountsAsync(PortalAppFactory app)
    {
        await using var db = app.CreateDbContext();
        return (await db.UserSessions.CountAsync(s => s.EndReason == SessionEndReason.MfaCutover), await db.CutoverRuns.CountAsync());
    }
}
