using System.Net;
using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Domain.Cutover;
using ConnecXPortal.Domain.Sessions;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Features.Cutover;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ConnecXPortal.Tests.Integration.Cutover;

/// <summary>
/// Two portal instances on one SQLite database file, as behind a load balancer: a cookie from one is accepted by the
/// other, a pause made on one is obeyed by the other's cutover runner, and each cutover range is applied once when
/// both run.
/// </summary>
public sealed class TwoInstancesTests
{
    private static readonly TimeSpan Sydney = TimeSpan.FromHours(10);
    private static readonly DateTimeOffset LongBefore = new(2024, 8, 1, 9, 0, 0, Sydney);
    private static readonly DateTimeOffset AndroidFrom = new(2024, 8, 22, 0, 0, 0, Sydney);

    [Fact]
    public async Task ACookieFromOneInstance_IsAcceptedByTheOther()
    {
        await using var pair = await Pair.StartAsync();
        using var onA = await pair.A.SignedInClientAsync(DemoAccounts.Support);

        using var onB = new PortalClient(pair.B.ServerAddress, onA.Cookies);
        var page = await onB.GetAsync("/support/cutover");

        page.StatusCode.Should().Be(HttpStatusCode.OK, "B reads the cookie with the keys A wrote to the shared database");
        page.Heading.Should().Be("MFA cutover");
    }

    [Fact]
    public async Task APauseOnOne_IsObeyedByTheOthersJob_AndEveryRangeIsAppliedOnce()
    {
        await using var pair = await Pair.StartAsync();
        var (a, b) = (pair.A, pair.B);
        var users = await a.AddUsersAsync(200);
        var sessions = await a.AddSessionsAsync(users.SelectMany(u => new[] { SessionClient.Portal, SessionClient.Android, SessionClient.Ios }
            .Select(c => SessionTestData.NewSession(u, c, LongBefore))));
        var android = sessions.Where(s => s.Client == SessionClient.Android).ToList();

        var pausedAt = AndroidFrom.AddDays(2);
        pair.SetClocks(pausedAt);
        await Task.WhenAll(Task.Run(() => a.RunCutoverAsync("a")), Task.Run(() => b.RunCutoverAsync("b")));
        var endedAtPause = await EndedAsync(a, android);
        var support = await a.SteppedUpPrincipalAsync(DemoAccounts.Support);
        (await a.WithScopeAsync(s => s.GetRequiredService<CutoverControls>().PauseAsync(support, SessionClient.Android, "Support is flooded; pausing."))).Done.Should().BeTrue();

        pair.SetClocks(pausedAt.AddDays(3));
        await b.RunCutoverAsync("b");
        (await EndedAsync(b, android)).Should().Be(endedAtPause, "B's job obeys the pause made on A");
        endedAtPause.Should().BeInRange(1, 199);

        var supportOnB = await b.SteppedUpPrincipalAsync(DemoAccounts.Support);
        (await b.WithScopeAsync(s => s.GetRequiredService<CutoverControls>().ResumeAsync(supportOnB, SessionClient.Android, "Support has caught up."))).Done.Should().BeTrue();
        for (var now = pausedAt.AddDays(3); now <= new DateTimeOffset(2024, 9, 20, 0, 0, 0, Sydney); now += TimeSpan.FromHours(8))
        {
            pair.SetClocks(now);
            await Task.WhenAll(Task.Run(() => a.RunCutoverAsync("a")), Task.Run(() => b.RunCutoverAsync("b")));
        }

        await using var db = a.CreateDbContext();
        var runs = await db.CutoverRuns.ToListAsync();
        runs.Select(r => r.Instance).Distinct().Should().BeEquivalentTo(["a", "b"], "both instances applied ranges");
        foreach (var client in Enum.GetValues<SessionClient>())
        {
            var ofClient = runs.Where(r => r.Client == client).OrderBy(r => r.FromPosition).ToList();
            ofClient[0].FromPosition.Should().Be(0);
            ofClient.Zip(ofClient.Skip(1)).All(p => p.First.ToPosition == p.Second.FromPosition).Should().BeTrue($"{client}'s ranges neither overlap nor leave gaps");
            ofClient[^1].ToPosition.Should().Be(CutoverSpread.Resolution);
        }

        var ids = sessions.Select(s => s.Id).ToList();
        (await db.UserSessions.CountAsync(s => ids.Contains(s.Id) && s.EndReason == SessionEndReason.MfaCutover)).Should().Be(600, "every session was ended once");
        (await db.CutoverPhases.Where(p => p.Client != SessionClient.WhiteLabel).SumAsync(p => p.SessionsEnded))
            .Should().Be(runs.Where(r => r.Client != SessionClient.WhiteLabel).Sum(r => r.SessionsEnded));
        (await db.AuditEvents.CountAsync(e => e.Type == AuditEventTypes.CutoverPhasePaused)).Should().Be(1);
        (await db.AuditEvents.CountAsync(e => e.Type == AuditEventTypes.CutoverPhaseResumed)).Should().Be(1);
    }

    private static async Task<int> EndedAsync(PortalAppFactory app, IEnumerable<ConnecXPortal.Web.Features.Sessions.UserSession> sessions)
    {
        var ids = sessions.Select(s => s.Id).ToList();
        await using var db = app.CreateDbContext();
        return await db.UserSessions.CountAsync(s => ids.Contains(s.Id) && s.EndedAt != null);
    }

    private sealed class SecondInstance(PortalAppFactory first) : CutoverEveAppFactory(first);

    private sealed class Pair(CutoverEveAppFactory a, SecondInstance b) : IAsyncDisposable
    {
        public CutoverEveAppFactory A { get; } = a;

        public SecondInstance B { get; } = b;

        public static async Task<Pair> StartAsync()
        {
            var a = new CutoverEveAppFactory();
            a.WithoutCutoverJob();
            await ((IAsyncLifetime)a).InitializeAsync();
            var b = new SecondInstance(a);
            b.WithoutCutoverJob();
            await ((IAsyncLifetime)b).InitializeAsync();
            return new Pair(a, b);
        }

        public void SetClocks(DateTimeOffset now)
        {
            A.Clock.SetUtcNow(now);
            B.Clock.SetUtcNow(now);
        }

        public async ValueTask DisposeAsync()
        {
            await ((IAsyncLifetime)B).DisposeAsync();
            await ((IAsyncLifetime)A).DisposeAsync();
        }
    }
}
