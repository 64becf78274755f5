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
}
