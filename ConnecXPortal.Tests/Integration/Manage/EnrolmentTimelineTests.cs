using ConnecXPortal.Web.Features.Manage.Dashboard;

namespace ConnecXPortal.Tests.Integration.Manage;

public sealed class EnrolmentTimelineTests
{
    [Fact]
    public void UpToAboutThreeMonths_EachDayIsABar()
    {
        var days = Days(new DateOnly(2024, 8, 21), EnrolmentTimeline.MaxDailyBars, day => day.Day);

        var periods = EnrolmentTimeline.Periods(days);

        EnrolmentTimeline.IsWeekly(days).Should().BeFalse();
        periods.Should().HaveCount(EnrolmentTimeline.MaxDailyBars);
        periods.Should().OnlyContain(p => p.Start == p.End);
        periods.Select(p => p.Enrolments).Should().Equal(days.Select(d => d.Enrolments));
    }

    [Fact]
    public void Longer_EachMondayToSundayWeekIsABar_CutAtTheFirstAndLastDay_AndNothingIsLost()
    {
        // Wednesday 21 August 2024 to Saturday 28 November 2026: 830 days.
        var days = Days(new DateOnly(2024, 8, 21), 830, day => day.DayNumber % 3);

        var periods = EnrolmentTimeline.Periods(days);

        EnrolmentTimeline.IsWeekly(days).Should().BeTrue();
        periods[0].Should().Be(new EnrolmentPeriod(new DateOnly(2024, 8, 21), new DateOnly(2024, 8, 25), days.Take(5).Sum(d => d.Enrolments)));
        periods[1].Start.Should().Be(new DateOnly(2024, 8, 26));
        periods[1].Start.DayOfWeek.Should().Be(DayOfWeek.Monday);
        periods[1].End.Should().Be(new DateOnly(2024, 9, 1));
        periods[^1].End.Should().Be(new DateOnly(2026, 11, 28));
        periods.Skip(1).SkipLast(1).Should().OnlyContain(p => p.End.DayNumber - p.Start.DayNumber == 6);
        periods.Sum(p => p.Enrolments).Should().Be(days.Sum(d => d.Enrolments));
    }

    private static List<DailyEnrolments> Days(DateOnly first, int count, Func<DateOnly, int> enrolments) =>
        [.. Enumerable.Range(0, count).Select(i => first.AddDays(i)).Select(day => new DailyEnrolments(day, enrolments(day)))];
}
