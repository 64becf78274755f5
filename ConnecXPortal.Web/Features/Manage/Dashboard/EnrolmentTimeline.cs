namespace ConnecXPortal.Web.Features.Manage.Dashboard;

/// <summary>One bar of the enrolments chart: a day, or a week starting on <paramref name="Start"/>.</summary>
public sealed record EnrolmentPeriod(DateOnly Start, DateOnly End, int Enrolments);

/// <summary>
/// The enrolments chart's bars. Per day while the cutover is recent; once there are more days than a chart can show
/// as readable bars, per week (Monday to Sunday, the first and last weeks cut at the cutover's day and today), so a
/// building's rollout still reads at a glance months later.
/// </summary>
public static class EnrolmentTimeline
{
    /// <summary>The most days shown as daily bars (about three months).</summary>
    public const int MaxDailyBars = 92;

    /// <summary>Whether <paramref name="days"/> are shown per week rather than per day.</summary>
    public static bool IsWeekly(IReadOnlyCollection<DailyEnrolments> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        return days.Count > MaxDailyBars;
    }

    /// <summary>The bars for <paramref name="days"/>, which run day by day without gaps.</summary>
    public static IReadOnlyList<EnrolmentPeriod> Periods(IReadOnlyList<DailyEnrolments> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        if (!IsWeekly(days))
        {
            return [.. days.Select(d => new EnrolmentPeriod(d.Day, d.Day, d.Enrolments))];
        }

        return [.. days
            .GroupBy(d => d.Day.AddDays(-(((int)d.Day.DayOfWeek + 6) % 7)))
            .Select(week => new EnrolmentPeriod(week.Min(d => d.Day), week.Max(d => d.Day), week.Sum(d => d.Enrolments)))];
    }
}
