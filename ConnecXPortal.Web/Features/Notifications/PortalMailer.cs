using ConnecXPortal.Web.Features.Observability;

namespace ConnecXPortal.Web.Features.Notifications;

/// <summary>Renders an <see cref="EmailContent"/> in the brand layout and hands it to the configured sender.</summary>
public sealed class PortalMailer(EmailRenderer renderer, IPortalEmailSender sender, PortalMetrics metrics)
{
    public async Task SendAsync(EmailContent content, string to, string? toName, CancellationToken cancellationToken = default)
    {
        var message = renderer.Render(content, to, toName);
        try
        {
            await sender.SendAsync(message, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            metrics.EmailFailed(content.Template);
            throw;
        }

        metrics.EmailSent(content.Template);
    }
}
