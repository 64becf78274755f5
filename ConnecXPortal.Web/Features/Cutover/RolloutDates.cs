using System.Globalization;
using ConnecXPortal.Domain.Cutover;
using ConnecXPortal.Web.Hosting;
using Microsoft.Extensions.Options;

namespace ConnecXPortal.Web.Features.Cutover;

/// <summary>
/// The rollout's dates as residents read them ("Wednesday 21 August 2024", "6:00 pm"), taken from the cutover
/// configuration. Every email, notice and help article gets its dates from here, so changing appsettings.json changes
/// them all.
/// </summary>
public sealed class RolloutDates(IOptions<CutoverOptions> options, CutoverScheduleStore store, PortalTime time)
{
    private static readonly CultureInfo Australian = CultureInfo.GetCultureInfo("en-AU");

    // The effective schedule: a date support moved on /support/cutover is the date residents read.
    private CutoverSchedule Schedule => store.Current;

    /// <summary>For example "Wednesday 21 August 2024".</summary>
    public string PortalCutoverDay => Day(time.ToLocal(Schedule.PortalCutover).DateTime);

    /// <summary>For example "21 August".</summary>
    public string PortalCutoverShort => time.ToLocal(Schedule.PortalCutover).ToString("d MMMM", Australian);

    /// <summary>For example "6:00 pm".</summary>
    public string PortalCutoverTime => time.ToLocal(Schedule.PortalCutover).ToString("h:mm tt", Australian);

    public string AndroidAppsFrom => Day(Local(Schedule.AppPhases[0].Start));

    public string IosAppsFrom => Day(Local(Schedule.AppPhases[1].Start));

    public string WhiteLabelAppsFrom => Day(Local(Schedule.AppPhases[2].Start));

    public string AppsFinishedBy => Day(Local(Schedule.AppPhases[2].End));

    /// <summary>The first app phase without the year, for example "Thursday 22 August".</summary>
    public string AppsFromShort => Local(Schedule.AppPhases[0].Start).ToString("dddd d MMMM", Australian);

    /// <summary>Whether MFA is already mandatory at <paramref name="now"/> (the wording changes from "will" to "now").</summary>
    public bool MfaMandatoryAt(DateTimeOffset now) => Schedule.IsMfaMandatory(now);

    /// <summary>The instant as a local time in the cutover's time zone.</summary>
    private DateTime Local(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone)).DateTime;

    private static string Day(DateTime local) => local.ToString("dddd d MMMM yyyy", Australian);
}
