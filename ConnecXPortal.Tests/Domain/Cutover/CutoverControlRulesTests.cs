using ConnecXPortal.Domain.Cutover;
using ConnecXPortal.Domain.Sessions;

namespace ConnecXPortal.Tests.Domain.Cutover;

/// <summary>Support's changes to the schedule: pausing, resuming and moving dates.</summary>
public sealed class CutoverControlRulesTests
{
    private static readonly TimeSpan Sydney = TimeSpan.FromHours(10);
    private static readonly DateTimeOffset Cutover = new(2024, 8, 21, 18, 0, 0, Sydney);
    private static readonly DateTimeOffset AndroidFrom = new(2024, 8, 22, 0, 0, 0, Sydney);
    private static readonly DateTimeOffset IosFrom = new(2024, 8, 29, 0, 0, 0, Sydney);
    private static readonly DateTimeOffset WhiteLabelFrom = new(2024, 9, 5, 0, 0, 0, Sydney);
    private static readonly DateTimeOffset FinishBy = new(2024, 9, 11, 18, 0, 0, Sydney);
    private static readonly CutoverSchedule Schedule = new(Cutover, AndroidFrom, IosFrom, WhiteLabelFrom, FinishBy);
    private static readonly DateTimeOffset MidAndroid = AndroidFrom.AddDays(3);

    [Fact]
    public void APausedPhase_DueCountStandsStill_AndNoLaterUserIsLoggedOut()
    {
        var paused = Schedule.Pause(SessionClient.Android, MidAndroid).Schedule!;
        var android = paused.PhaseFor(SessionClient.Android)!;
        var dueAtPause = Schedule.PhaseFor(SessionClient.Android)!.PositionsDueAt(MidAndroid);

        android.PositionsDueAt(MidAndroid.AddDays(10)).Should().Be(dueAtPause, "a paused phase ends nothing more, even past its planned end");
        var users = Enumerable.Range(0, 500).Select(_ => Guid.NewGuid()).ToList();
        foreach (var user in users)
        {
            var planned = Schedule.PhaseFor(SessionClient.Android)!.LogoutInstantFor(user);
            var during = paused.LogoutInstant(SessionClient.Android, user, AndroidFrom.AddDays(-5));
            if (planned <= MidAndroid)
            {
                during.Should().Be(planned, "a user logged out before the pause stays logged out");
            }
            else
            {
                during.Should().BeNull("a user whose turn had not come waits for the resume");
            }
        }

        paused.PhaseFor(SessionClient.Ios).Should().Be(Schedule.PhaseFor(SessionClient.Ios), "the other phases carry on");
    }

    [Fact]
    public void Resuming_CarriesOnWhereItStopped_EveryLaterLogoutMovedByThePause_EachUserKeepingTheirPlace()
    {
        var pausedFor = TimeSpan.FromHours(30);
        var resumedAt = MidAndroid + pausedFor;
        var paused = Schedule.Pause(SessionClient.Android, MidAndroid).Schedule!;
        var resumed = paused.Resume(SessionClient.Android, resumedAt).Schedule!;
        var before = Schedule.PhaseFor(SessionClient.Android)!;
        var after = resumed.PhaseFor(SessionClient.Android)!;

        after.IsPaused.Should().BeFalse();
        after.PausedFor.Should().Be(pausedFor);
        after.PositionsDueAt(resumedAt).Should().Be(before.PositionsDueAt(MidAndroid), "it carries on from where it stopped");
        for (var position = 0; position < CutoverSpread.Resolution; position += 37)
        {
            var planned = before.LogoutInstant(position);
            if (planned > MidAndroid)
            {
                after.LogoutInstant(position).Should().Be(planned + pausedFor, $"position {position} moves by the pause");
            }
        }

        after.FinishesAt(resumedAt).Should().Be(IosFrom + pausedFor);
        after.IsDueInFull(IosFrom + pausedFor).Should().BeTrue();
        after.IsDueInFull(IosFrom + pausedFor - TimeSpan.FromMinutes(2)).Should().BeFalse();
    }

    [Fact]
    public void TwoPauses_AddUp()
    {
        var first = Schedule.Pause(SessionClient.Android, MidAndroid).Schedule!.Resume(SessionClient.Android, MidAndroid.AddHours(2)).Schedule!;
        var second = first.Pause(SessionClient.Android, MidAndroid.AddHours(5)).Schedule!.Resume(SessionClient.Android, MidAndroid.AddHours(8)).Schedule!;

        second.PhaseFor(SessionClient.Android)!.PausedFor.Should().Be(TimeSpan.FromHours(5));
    }

    [Fact]
    public void Pause_IsRefused_BeforeThePhaseStarts_AfterItCompletes_ForThePortal_AndTwice()
    {
        Schedule.Pause(SessionClient.Ios, MidAndroid).Problem.Should().Be("The iOS app phase has not started yet. To delay it, move its start.");
        Schedule.Pause(SessionClient.Android, IosFrom).Problem.Should().Be("The Android app phase has completed: there is nothing left to pause.");
        Schedule.Pause(SessionClient.Portal, MidAndroid).Problem.Should().Be("The portal cutover happens at one instant; only an app phase can be paused.");
        Schedule.Pause(SessionClient.Android, MidAndroid).Schedule!.Pause(SessionClient.Android, MidAndroid.AddMinutes(1)).Problem
            .Should().Be("The Android app phase is already paused.");
        Schedule.Resume(SessionClient.Android, MidAndroid).Problem.Should().Be("The Android app phase is not paused.");
    }

    [Fact]
    public void MovingAStartThatHasNotCome_MovesThatPhase_AndTheEndOfTheOneBefore()
    {
        var moved = Schedule.Move(CutoverDate.IosFrom, IosFrom.AddDays(2), AndroidFrom.AddDays(-1)).Schedule!;

        moved.PhaseFor(SessionClient.Ios)!.Start.Should().Be(IosFrom.AddDays(2));
        moved.PhaseFor(SessionClient.Android)!.End.Should().Be(IosFrom.AddDays(2));
        moved.PhaseFor(SessionClient.Android)!.SpreadFrom.Should().BeNull("the Android phase had not started: its window simply grows");
    }

    [Fact]
    public void MovingTheEndOfARunningPhase_KeepsTheUsersDue_AndSpreadsTheRestToTheNewEnd_InTheSameOrder()
    {
        var before = Schedule.PhaseFor(SessionClient.Android)!;
        var dueNow = before.PositionsDueAt(MidAndroid);

        foreach (var newIos in new[] { IosFrom.AddDays(3), IosFrom.AddDays(-2) })
        {
            var after = Schedule.Move(CutoverDate.IosFrom, newIos, MidAndroid).Schedule!.PhaseFor(SessionClient.Android)!;

            after.PositionsDueAt(MidAndroid).Should().Be(dueNow, "nobody due is un-logged-out and nobody else comes due at once");
            after.LogoutInstant(dueNow).Should().BeAfter(MidAndroid);
            after.IsDueInFull(newIos).Should().BeTrue();
            after.IsDueInFull(newIos.AddMinutes(-5)).Should().BeFalse();
            var instants = Enumerable.Range(dueNow, CutoverSpread.Resolution - dueNow).Select(after.LogoutInstant).ToList();
            instants.Should().BeInAscendingOrder("each user keeps their place in the spread");
        }
    }

    [Fact]
    public void Moves_AreRefused_IntoThePast_OutOfOrder_ForAStartedPhase_AndForACompletedFinish()
    {
        Schedule.Move(CutoverDate.IosFrom, MidAndroid.AddMinutes(-1), MidAndroid).Problem
            .Should().Be("Choose a date and time in the future: a date in the past would log people out at once.");
        Schedule.Move(CutoverDate.IosFrom, WhiteLabelFrom.AddDays(1), MidAndroid).Problem
            .Should().StartWith("The dates must stay in order");
        Schedule.Move(CutoverDate.AppsFinishBy, WhiteLabelFrom.AddHours(-1), MidAndroid).Problem
            .Should().StartWith("The dates must stay in order");
        Schedule.Move(CutoverDate.AndroidFrom, MidAndroid.AddDays(1), MidAndroid).Problem
            .Should().Be("The Android app phase has started, so its start can no longer move: sessions have been ended against it. Pause the phase instead.");
        Schedule.Move(CutoverDate.AppsFinishBy, FinishBy.AddDays(5), FinishBy.AddHours(1)).Problem
            .Should().Be("The White-label app phase has completed; the finish can no longer move.");
    }

    [Fact]
    public void MovingTheFinish_OfTheRunningWhiteLabelPhase_IsAllowed()
    {
        var now = WhiteLabelFrom.AddDays(2);
        var after = Schedule.Move(CutoverDate.AppsFinishBy, FinishBy.AddDays(3), now).Schedule!;

        after.AppsFinishBy.Should().Be(FinishBy.AddDays(3));
        after.PhaseFor(SessionClient.WhiteLabel)!.PositionsDueAt(now).Should().Be(Schedule.PhaseFor(SessionClient.WhiteLabel)!.PositionsDueAt(now));
    }
}
