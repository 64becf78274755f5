namespace ConnecXPortal.Web.Features.Notifications.Announcements;

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

        // The bulk path follows the single-message one: SendGrid delivers, the outbox keeps (see AddNotifications).
        var provider = builder.Configuration.GetValue(
            $"{EmailOptions.SectionName}:{nameof(EmailOptions.Provider)}", EmailProvider.SendGrid);
        if (provider == EmailProvider.SendGrid)
        {
            builder.Services.AddScoped<IBulkEmailSender, SendGridBulkEmailSender>();
        }
        else
        {
            builder.Services.AddSingleton<IBulkEmailSender, OutboxBulkEmailSender>();
        }

        return builder;
    }
}
