using ConnecXPortal.Domain.Cutover;
using ConnecXPortal.Domain.Sessions;

namespace ConnecXPortal.Tests.Domain.Cutover;

public sealed class CutoverScheduleTests
{
    private static readonly TimeSpan Sydney = TimeSpan.FromHours(10);
    private static readonly DateTimeOffset Cutover = new(2024, 8, 21, 18, 0, 0, Sydney);
    private static readonly DateTimeOffset AndroidFrom = new(2024, 8, 22, 0, 0, 0, Sydney);
    private static readonly DateTimeOffset IosFrom = new(2024, 8, 29, 0, 0, 0, Sydney);
    private static readonly DateTimeOffset WhiteLabelFrom = new(2024, 9, 5, 0, 0, 0, Sydney);
    private static readonly DateTimeOffset FinishBy = new(2024, 9, 11, 18, 0, 0, Sydney);

    private static readonly CutoverSchedule Schedule = new(Cutover, AndroidFrom, IosFrom, WhiteLabelFrom, FinishBy);

    [Fact]
    public void BeforeTheCutover_MfaIsOptional() =>
        new CutoverSchedule(Cutover).IsMfaMandatory(Cutover.AddTicks(-1)).Should().BeFalse();

    [Fact]
    public void FromTheCutover_MfaIsMandatory()
    {
        var schedule = new CutoverSchedule(Cutover);

        schedule.IsMfaMandatory(Cutover).Should().BeTrue();
        schedule.IsMfaMandatory(Cutover.AddDays(30)).Should().BeTrue();
    }

    [Fact]
    public void Phases_RunPortalAndroidIosWhiteLabel_EachWindowEndingWhereTheNextStarts()
    {
        Schedule.Phases.Should().Equal(
            new CutoverPhase(SessionClient.Portal, Cutover, Cutover),
            new CutoverPhase(SessionClient.Android, AndroidFrom, IosFrom),
            new CutoverPhase(SessionClient.Ios, IosFrom, WhiteLabelFrom),
            new CutoverPhase(SessionClient.WhiteLabel, WhiteLabelFrom, FinishBy));
    }

    [Fact]
    public void OnlyThePortalCutover_HasNoAppPhases() =>
        new CutoverSchedule(Cutover).Phases.Should().ContainSingle().Which.Client.Should().Be(SessionClient.Portal);

    [Theory]
    [InlineData("2024-08-22T00:00:00+10:00", "2024-08-21T00:00:00+10:00", "2024-09-05T00:00:00+10:00", "2024-09-11T18:00:00+10:00")]
    [InlineData("2024-08-29T00:00:00+10:00", "2024-08-29T00:00:00+10:00", "2024-09-05T00:00:00+10:00", "2024-09-11T18:00:00+10:00")]
    [InlineData("2024-08-22T00:00:00+10:00", "2024-08-29T00:00:00+10:00", "2024-09-12T00:00:00+10:00", "2024-09-11T18:00:00+10:00")]
    [InlineData("2024-08-20T00:00:00+10:00", "2024-08-29T00:00:00+10:00", "2024-09-05T00:00:00+10:00", "2024-09-11T18:00:00+10:00")]
    public void PhasesOutOfOrder_AreRefused(string android, string ios, string whiteLabel, string finish)
    {
        var act = () => new CutoverSchedule(Cutover, DateTimeOffset.Parse(android), DateTimeOffset.Parse(ios),
            DateTimeOffset.Parse(whiteLabel), DateTimeOffset.Parse(finish));

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void PortalSession_CreatedBeforeTheCutover_EndsExactlyAtTheCutover()
    {
        var user = Guid.NewGuid();
        var created = Cutover.AddHours(-3);

        Schedule.PhaseEnding(SessionClient.Portal, user, created, Cutover.AddTicks(-1)).Should().BeNull();
        Schedule.PhaseEnding(SessionClient.Portal, user, created, Cutover)!.Client.Should().Be(SessionClient.Portal);
    }

    [Fact]
    public void PortalSession_CreatedFromTheCutoverOn_IsNeverEndedByIt() =>
        Schedule.PhaseEnding(SessionClient.Portal, Guid.NewGuid(), Cutover, FinishBy.AddYears(1)).Should().BeNull();

    [Theory]
    [InlineData(SessionClient.Android)]
    [InlineData(SessionClient.Ios)]
    [InlineData(SessionClient.WhiteLabel)]
    public void AppSession_CreatedBeforeItsPhase_EndsAtItsUsersInstant_WithinTheWindow(SessionClient client)
    {
        var phase = Schedule.PhaseFor(client)!;
        var user = Guid.NewGuid();
        var created = Cutover.AddDays(-10);
        var at = Schedule.LogoutInstant(client, user, created)!.Value;

        at.Should().BeOnOrAfter(phase.Start).And.BeBefore(phase.End);
        Schedule.PhaseEnding(client, user, created, phase.Start.AddTicks(-1)).Should().BeNull("the phase has not started");
        Schedule.PhaseEnding(client, user, created, at.AddTicks(-1)).Should().BeNull("the user's turn has not come");
        Schedule.PhaseEnding(client, user, created, at).Should().Be(phase);
        Schedule.PhaseEnding(client, user, created, phase.End).Should().Be(phase);
    }

    [Theory]
    [InlineData(SessionClient.Android)]
    [InlineData(SessionClient.Ios)]
    [InlineData(SessionClient.WhiteLabel)]
    public void AppSession_CreatedFromItsPhaseStartOn_IsNeverEndedByIt(SessionClient client)
    {
        var phase = Schedule.PhaseFor(client)!;

        Schedule.LogoutInstant(client, Guid.NewGuid(), phase.Start).Should().BeNull();
        Schedule.PhaseEnding(client, Guid.NewGuid(), phase.Start.AddMinutes(1), FinishBy.AddYears(1)).Should().BeNull();
    }

    [Fact]
    public void AppSession_IsNotEndedByAnotherClientsPhase()
    {
        var user = Guid.NewGuid();
        var created = Cutover.AddDays(-1);

        // At the end of the Android window every Android session from before it has ended, and no iOS one.
        Schedule.PhaseEnding(SessionClient.Android, user, created, IosFrom).Should().NotBeNull();
        Schedule.PhaseEnding(SessionClient.Ios, user, created, IosFrom.AddTicks(-1)).Should().BeNull();
    }
}
