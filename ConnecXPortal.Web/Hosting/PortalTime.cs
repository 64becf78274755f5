using System.Globalization;
using Microsoft.Extensions.Options;

namespace ConnecXPortal.Web.Hosting;

/// <summary>Shows instants in the portal's time zone (Australia/Sydney unless configured) and Australian formats.</summary>
public sealed class PortalTime(IOptions<PortalOptions> options, TimeProvider clock)
{
    private static readonly CultureInfo Australian = CultureInfo.GetCultureInfo("en-AU");

    public TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    public DateTimeOffset Now => ToLocal(clock.GetUtcNow());

    public DateTimeOffset ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    /// <summary>For example "21 August 2024".</summary>
    public string Date(DateTimeOffset instant) => ToLocal(instant).ToString("d MMMM yyyy", Australian);

    /// <summary>For example "21 Aug 2024".</summary>
    public string ShortDate(DateTimeOffset instant) => ToLocal(instant).ToString("d MMM yyyy", Australian);

    /// <summary>For example "21 Aug 2024, 6:00 pm".</summary>
    public string DateTime(DateTimeOffset instant) => ToLocal(instant).ToString("d MMM yyyy, h:mm tt", Australian);
}
