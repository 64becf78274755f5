using ConnecXPortal.Web.Features.Notifications;
using ConnecXPortal.Web.Features.Notifications.Announcements;

namespace ConnecXPortal.Web.Features.Announcements;

internal static class AnnouncementsRegistration
{
    public static IHostApplicationBuilder AddAnnouncements(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AnnouncementOptions>()
            .BindConfiguration(AnnouncementOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddSingleton<RolloutDates>();
        builder.Services.AddSingleton<AnnouncementSignals>();
        builder.Services.AddSingleton<CampaignRunner>();
        builder.Services.AddHostedService<AnnouncementSender>();
        builder.Services.AddScoped<AnnouncementService>();
        builder.Services.AddSingleton<AnnouncementPreview>();

        return builder;
    }
}
