using ConnecXPortal.Domain.Cutover;
using Microsoft.Extensions.Options;

namespace ConnecXPortal.Web.Features.Cutover;

internal static class CutoverRegistration
{
    public static IHostApplicationBuilder AddCutover(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CutoverOptions>()
            .BindConfiguration(CutoverOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone, out _),
                "Cutover:TimeZone is not a time zone this machine knows (use an IANA name such as Australia/Sydney).")
            .ValidateOnStart();

        builder.Services.AddSingleton(sp => ToSchedule(sp.GetRequiredService<IOptions<CutoverOptions>>().Value));
        return builder;
    }

    /// <summary>Turns the configured local times into instants.</summary>
    public static CutoverSchedule ToSchedule(CutoverOptions options)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
        return new CutoverSchedule(ToInstant(options.PortalCutover, zone));
    }

    private static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified));
    }
}
