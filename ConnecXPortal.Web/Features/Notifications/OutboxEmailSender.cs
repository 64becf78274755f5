using ConnecXPortal.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace ConnecXPortal.Web.Features.Notifications;

/// <summary>Keeps every message in the OutboxMessages table; the Development page /dev/outbox shows them.</summary>
internal sealed class OutboxEmailSender(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock) : IPortalEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        // Its own context: sending must not save (or be rolled back with) the caller's pending changes.
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.OutboxMessages.Add(new OutboxMessage
        {
            CreatedAt = clock.GetUtcNow(),
            To = message.To,
            ToName = message.ToName,
            Subject = message.Subject,
            HtmlBody = message.HtmlBody,
            TextBody = message.TextBody,
            Template = message.Template,
        });
        await db.SaveChangesAsync(cancellationToken);
    }
}
