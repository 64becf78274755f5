using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ConnecXPortal.Web.Features.Notifications;

/// <summary>
/// Ready only when emails can go out: SendGrid with its API key, or the local outbox in Development (elsewhere the
/// outbox delivers nothing). Whether SendGrid answers right now is not checked: while it is down the portal still
/// serves sign-ins with every factor but email codes, and emails are retried, so taking instances out would only hurt.
/// The options are read as they are now, so a secret store that loses the key takes the instance out.
/// </summary>
internal sealed class EmailProviderHealthCheck(IOptionsMonitor<EmailOptions> options, IHostEnvironment environment) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        EmailOptions current;
        try
        {
            current = options.CurrentValue;
        }
        catch (OptionsValidationException)
        {
            return Task.FromResult(Unhealthy(context, "The Email settings are not valid (see the start-up message)."));
        }

        return Task.FromResult(current.Provider switch
        {
            EmailProvider.SendGrid when string.IsNullOrWhiteSpace(current.SendGrid.ApiKey) =>
                Unhealthy(context, "Email:SendGrid:ApiKey is not set."),
            EmailProvider.SendGrid => HealthCheckResult.Healthy("SendGrid is configured."),
            EmailProvider.Outbox when environment.IsDevelopment() => HealthCheckResult.Healthy("The development outbox is configured."),
            _ => Unhealthy(context, "Email:Provider is Outbox, which delivers nothing outside Development."),
        });
    }

    private static HealthCheckResult Unhealthy(HealthCheckContext context, string description) =>
        new(context.Registration.FailureStatus, description);
}
