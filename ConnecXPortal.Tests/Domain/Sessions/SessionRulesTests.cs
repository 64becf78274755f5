using ConnecXPortal.Domain.Cutover;
using ConnecXPortal.Domain.Sessions;

namespace ConnecXPortal.Tests.Domain.Sessions;

public sealed class SessionRulesTests
{
    private static readonly DateTimeOffset Cutover = new(2024, 8, 21, 18, 0, 0, TimeSpan.FromHours(10));
    private static readonly CutoverSchedule Schedule = new(Cutover, Cutover.AddHours(6), Cutover.AddDays(7), Cutover.AddDays(14), Cutover.AddDays(20));
    private static readonly SessionPolicy Policy = SessionPolicy.Default;
    private static readonly DateTimeOffset SignedIn = Cutover.AddDays(10);

    private static SessionFacts Portal(DateTimeOffset created, DateTimeOffset lastSeen) =>
        new(Guid.NewGuid(), SessionClient.Portal, created, lastSeen, Policy.PortalExpiry(created, lastSeen));

    [Fact]
    public void PortalSession_SeenWithinTheHour_IsLive() =>
        SessionRules.WhyEnded(Portal(SignedIn, SignedIn.AddMinutes(30)), SignedIn.AddMinutes(89), Policy, Schedule).Should().BeNull();

    [Fact]
    public void PortalSession_IdleForAnHour_HasEnded() =>
        SessionRules.WhyEnded(Portal(SignedIn, SignedIn.AddMinutes(30)), SignedIn.AddMinutes(90), Policy, Schedule)
            .Should().Be(SessionEndReason.IdleTimeout);

    [Fact]
    public void PortalSession_TwelveHoursOld_HasExpired_HoweverActive() =>
        SessionRules.WhyEnded(Portal(SignedIn, SignedIn.AddHours(11.9)), SignedIn.AddHours(12), Policy, Schedule)
            .Should().Be(SessionEndReason.Expired);

    [Fact]
    public void AppSession_RefreshedWithinNinetyDays_EndsAtItsAbsoluteLifetime()
    {
        var app = new SessionFacts(Guid.NewGuid(), SessionClient.Android, SignedIn, SignedIn.AddDays(364), SignedIn.AddDays(364 + 90));

        SessionRules.WhyEnded(app, SignedIn.AddDays(365).AddSeconds(-1), Policy, Schedule).Should().BeNull();
        SessionRules.WhyEnded(app, SignedIn.AddDays(365), Policy, Schedule).Should().Be(SessionEndReason.AbsoluteLifetime);
        SessionRules.WhyEnded(app, SignedIn.AddDays(365), Policy with { AppAbsoluteLifetime = TimeSpan.FromDays(730) }, Schedule).Should().BeNull();
    }

    [Fact]
    public void AppSession_NotRefreshedForNinetyDays_HasExpired_BeforeItsAbsoluteLifetime() =>
        SessionRules.WhyEnded(new SessionFacts(Guid.NewGuid(), SessionClient.Ios, SignedIn, SignedIn, SignedIn.AddDays(90)), SignedIn.AddDays(90), Policy, Schedule)
            .Should().Be(SessionEndReason.Expired);

    [Fact]
    public void AppExpiry_SlidesFromTheRefresh_ButNeverPastTheAbsoluteLifetime()
    {
        Policy.AppExpiry(SignedIn, SignedIn.AddDays(10), TimeSpan.FromDays(90)).Should().Be(SignedIn.AddDays(100));
        Policy.AppExpiry(SignedIn, SignedIn.AddDays(300), TimeSpan.FromDays(90)).Should().Be(SignedIn.AddDays(365));
    }

    [Fact]
    public void EndedSession_KeepsItsReason() =>
        SessionRules.WhyEnded(Portal(SignedIn, SignedIn) with { EndedAt = SignedIn, EndReason = SessionEndReason.EndedBySupport },
            SignedIn.AddMinutes(1), Policy, Schedule).Should().Be(SessionEndReason.EndedBySupport);

    [Fact]
    public void PortalSession_LiveAtTheCutover_EndsByTheCutover_EvenBeforeTheJobRuns()
    {
        var created = Cutover.AddMinutes(-30);

        SessionRules.WhyEnded(Portal(created, Cutover.AddMinutes(-1)), Cutover.AddMinutes(-1), Policy, Schedule).Should().BeNull();
        SessionRules.WhyEnded(Portal(created, Cutover.AddMinutes(-1)), Cutover, Policy, Schedule).Should().Be(SessionEndReason.MfaCutover);
    }

    [Fact]
    public void PortalSession_ThatWentIdleBeforeTheCutover_SaysIdle()
    {
        var created = Cutover.AddHours(-5);

        SessionRules.WhyEnded(Portal(created, created), Cutover.AddHours(1), Policy, Schedule).Should().Be(SessionEndReason.IdleTimeout);
    }

    [Fact]
    public void AppSession_LivesUntilItsRefreshTokenLapses()
    {
        var app = new SessionFacts(Guid.NewGuid(), SessionClient.Ios, SignedIn, SignedIn, SignedIn.AddDays(90));

        SessionRules.WhyEnded(app, SignedIn.AddDays(89), Policy, Schedule).Should().BeNull("apps stay signed in and are not idle-timed");
        SessionRules.WhyEnded(app, SignedIn.AddDays(90), Policy, Schedule).Should().Be(SessionEndReason.Expired);
    }

    [Fact]
    public void AppSession_FromBeforeItsPhase_EndsAtItsUsersTurn()
    {
        var user = Guid.NewGuid();
        var app = new SessionFacts(user, SessionClient.Android, Cutover.AddDays(-3), Cutover.AddDays(-3), Cutover.AddDays(60));
        var turn = Schedule.PhaseFor(SessionClient.Android)!.LogoutInstantFor(user);

        SessionRules.WhyEnded(app, turn.AddTicks(-1), Policy, Schedule).Should().BeNull();
        SessionRules.WhyEnded(app, turn, Policy, Schedule).Should().Be(SessionEndReason.MfaCutover);
    }
}
