
namespace ConnecXPortal.Web.Features.Announcements;

internal static class AnnouncementsRegistration
{
    public static IHostApplicationBuilder AddAnnouncements(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AnnouncementOptions>()
            .BindConfiguration(AnnouncementOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddSingleton<AnnouncementSignals>();
        builder.Services.AddSingleton<CampaignRunner>();
        builder.Services.AddHostedService<AnnouncementSender>();
        builder.Services.AddScoped<Campaigns>();
        builder.Services.AddSingleton<AnnouncementPreview>();

        return builder;
    }
}
