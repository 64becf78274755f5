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

    /// <summary>When the Android app's phase starts; its logouts are spread until <see cref="IosFrom"/>.</summary>
    public DateTime AndroidFrom { get; set; } = new(2024, 8, 22, 0, 0, 0, DateTimeKind.Unspecified);

    /// <summary>When the iOS app's phase starts; its logouts are spread until <see cref="WhiteLabelFrom"/>.</summary>
    public DateTime IosFrom { get; set; } = new(2024, 8, 29, 0, 0, 0, DateTimeKind.Unspecified);

    /// <summary>When the white-label apps' phase starts; its logouts are spread until <see cref="AppsFinishBy"/>.</summary>
    public DateTime WhiteLabelFrom { get; set; } = new(2024, 9, 5, 0, 0, 0, DateTimeKind.Unspecified);

    /// <summary>Every app session from before its phase has ended by then.</summary>
    public DateTime AppsFinishBy { get; set; } = new(2024, 9, 11, 18, 0, 0, DateTimeKind.Unspecified);
}
