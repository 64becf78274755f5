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
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<CutoverOptions>, CutoverOptionsValidator>();

        builder.Services.AddSingleton(sp => ToSchedule(sp.GetRequiredService<IOptions<CutoverOptions>>().Value));
        builder.Services.AddScoped<CutoverRunner>();
        builder.Services.AddScoped<CutoverReport>();
        builder.Services.AddHostedService<CutoverJob>();
        return builder;
    }

    /// <summary>Turns the configured local times into instants (UTC, so they compare correctly in SQL).</summary>
    public static CutoverSchedule ToSchedule(CutoverOptions options)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
        return new CutoverSchedule(
            ToInstant(options.PortalCutover, zone),
            ToInstant(options.AndroidFrom, zone),
            ToInstant(options.IosFrom, zone),
            ToInstant(options.WhiteLabelFrom, zone),
            ToInstant(options.AppsFinishBy, zone));
    }

    private static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified)).ToUniversalTime();
    }
}
