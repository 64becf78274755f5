namespace ConnecXPortal.Web.Features.Notifications;

/// <summary>Renders an <see cref="EmailContent"/> in the brand layout and hands it to the configured sender.</summary>
public sealed class PortalMailer(EmailRenderer renderer, IPortalEmailSender sender)
{
    public Task SendAsync(EmailContent content, string to, string? toName, CancellationToken cancellationToken = default) =>
        sender.SendAsync(renderer.Render(content, to, toName), cancellationToken);
}
