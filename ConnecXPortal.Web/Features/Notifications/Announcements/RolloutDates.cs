using System.Globalization;
using ConnecXPortal.Domain.Cutover;
using ConnecXPortal.Web.Features.Cutover;
using ConnecXPortal.Web.Hosting;
using Microsoft.Extensions.Options;

namespace ConnecXPortal.Web.Features.Notifications.Announcements;

/// <summary>
/// The rollout's dates as residents read them ("Wednesday 21 August 2024", "6:00 pm"), taken from the cutover
/// configuration. Every email, notice and help article gets its dates from here, so changing appsettings.json changes
/// them all.
/// </summary>
public sealed class RolloutDates(IOptions<CutoverOptions> options, CutoverSchedule schedule, PortalTime time)
{
    private static readonly CultureInfo Australian = CultureInfo.GetCultureInfo("en-AU");

    /// <summary>For example "Wednesday 21 August 2024".</summary>
    public string PortalCutoverDay => Day(time.ToLocal(schedule.PortalCutover).DateTime);

    /// <summary>For example "21 August".</summary>
    public string PortalCutoverShort => time.ToLocal(schedule.PortalCutover).ToString("d MMMM", Australian);

    /// <summary>For example "6:00 pm".</summary>
    public string PortalCutoverTime => time.ToLocal(schedule.PortalCutover).ToString("h:mm tt", Australian);

    public string AndroidAppsFrom => Day(options.Value.AndroidFrom);

    public string IosAppsFrom => Day(options.Value.IosFrom);

    public string WhiteLabelAppsFrom => Day(options.Value.WhiteLabelFrom);

    public string AppsFinishedBy => Day(options.Value.AppsFinishBy);

    /// <summary>The first app phase without the year, for example "Thursday 22 August".</summary>
    public string AppsFromShort => options.Value.AndroidFrom.ToString("dddd d MMMM", Australian);

    /// <summary>Whether MFA is already mandatory at <paramref name="now"/> (the wording changes from "will" to "now").</summary>
    public bool MfaMandatoryAt(DateTimeOffset now) => schedule.IsMfaMandatory(now);

    private static string Day(DateTime local) => local.ToString("dddd d MMMM yyyy", Australian);
}
