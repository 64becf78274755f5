using System.ComponentModel.DataAnnotations;

namespace ConnecXPortal.Web.Hosting;

public sealed class PortalOptions
{
    public const string SectionName = "Portal";

    /// <summary>
    /// The address residents reach the portal at, used for links in emails (for example https://portal.connecx.com.au).
    /// Required in Production; elsewhere the address the server listens on is used when it is not set.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>The IANA time zone dates and times are shown in.</summary>
    [Required]
    public string TimeZone { get; set; } = "Australia/Sydney";
}
