using ConnecXPortal.Web.Features.Observability;
using Microsoft.Extensions.Options;
using SendGrid;

namespace ConnecXPortal.Web.Features.Notifications;

internal static class NotificationsRegistration
{
    public static IHostApplicationBuilder AddNotifications(this IHostApplicationBuilder builder)
    {
        var isProduction = builder.Environment.IsProduction();
        builder.Services.AddOptions<EmailOptions>()
            .BindConfiguration(EmailOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => !isProduction || o.Provider == EmailProvider.SendGrid,
                "Email:Provider must be SendGrid in Production: the local outbox never delivers a message.")
            .ValidateOnStart();

        builder.Services.AddSingleton<EmailRenderer>();
        builder.Services.AddScoped<PortalMailer>();
        builder.Services.AddScoped<SecurityNotificationEmails>();
        builder.Services.AddSingleton<BackgroundEmails>();
        builder.Services.AddHostedService<BackgroundEmailWorker>();
        builder.Services.AddHealthChecks().AddCheck<EmailProviderHealthCheck>("email", tags: [PortalHealthChecks.ReadyTag]);

        // The one place the provider is chosen, for single messages and bulk sends alike: SendGrid delivers, the
        // outbox keeps.
        var provider = builder.Configuration.GetValue(
            $"{EmailOptions.SectionName}:{nameof(EmailOptions.Provider)}", EmailProvider.SendGrid);
        if (provider == EmailProvider.SendGrid)
        {
            builder.Services.AddHttpClient<ISendGridClient, SendGridClient>((http, sp) =>
            {
                var sendGrid = sp.GetRequiredService<IOptions<EmailOptions>>().Value.SendGrid;
                return new SendGridClient(http, new SendGridClientOptions
                {
                    ApiKey = sendGrid.ApiKey,
                    Host = string.IsNullOrWhiteSpace(sendGrid.Host) ? "https://api.sendgrid.com" : sendGrid.Host,
                });
            });
            builder.Services.AddScoped<IPortalEmailSender, SendGridEmailSender>();
            builder.Services.AddScoped<IBulkEmailSender, SendGridBulkEmailSender>();
        }
        else
        {
            builder.Services.AddSingleton<IPortalEmailSender, OutboxEmailSender>();
            builder.Services.AddSingleton<IBulkEmailSender, OutboxBulkEmailSender>();
        }

        return builder;
    }
}
