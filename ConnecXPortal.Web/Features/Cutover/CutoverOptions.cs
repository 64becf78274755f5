using System.ComponentModel.DataAnnotations;

namespace ConnecXPortal.Web.Features.Cutover;

/// <summary>The MFA cutover dates, as local times in <see cref="TimeZone"/> (appsettings.json, section Cutover).</summary>
public sealed class CutoverOptions
{
    public const string SectionName = "Cutover";

    /// <summary>The IANA time zone the dates below are in.</summary>
    [Required]
    public string TimeZone { get; set; } = "Australia/Sydney";

    /// <summary>When every portal session ends and MFA becomes mandatory (local time, no offset).</summary>
    public DateTime PortalCutover { get; set; } = new(2024, 8, 21, 18, 0, 0, DateTimeKind.Unspecified);

    /// <summary>From this local date Android app users are signed out (the first app phase).</summary>
    public DateTime AndroidAppsFrom { get; set; } = new(2024, 8, 22, 0, 0, 0, DateTimeKind.Unspecified);

    /// <summary>From this local date iOS app users are signed out.</summary>
    public DateTime IosAppsFrom { get; set; } = new(2024, 8, 29, 0, 0, 0, DateTimeKind.Unspecified);

    /// <summary>From this local date white-label app users are signed out.</summary>
    public DateTime WhiteLabelAppsFrom { get; set; } = new(2024, 9, 5, 0, 0, 0, DateTimeKind.Unspecified);

    /// <summary>The local date by which every app user has been signed out.</summary>
    public DateTime AppsFinishedBy { get; set; } = new(2024, 9, 11, 0, 0, 0, DateTimeKind.Unspecified);
}
