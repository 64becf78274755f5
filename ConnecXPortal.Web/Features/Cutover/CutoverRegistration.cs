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

        // The effective schedule (configuration with support's changes over it): the store's latest copy at each
        // resolution. Long-lived services take the store itself, so that they never keep an old copy.
        builder.Services.AddSingleton<CutoverScheduleStore>();
        builder.Services.AddTransient(sp => sp.GetRequiredService<CutoverScheduleStore>().Current);
        builder.Services.AddSingleton<RolloutDates>();
        builder.Services.AddScoped<CutoverRunner>();
        builder.Services.AddScoped<CutoverReport>();
        builder.Services.AddScoped<CutoverControls>();
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

    internal static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified)).ToUniversalTime();
    }
}
