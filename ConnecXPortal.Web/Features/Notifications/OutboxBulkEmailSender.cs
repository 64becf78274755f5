using System.Data.Common;
using ConnecXPortal.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace ConnecXPortal.Web.Features.Notifications;

/// <summary>
/// Development and tests: each recipient's copy, fields filled in, becomes an outbox row (see /dev/outbox). A batch
/// is saved in one SaveChanges, so it is kept whole or not at all.
/// </summary>
internal sealed class OutboxBulkEmailSender(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock) : IBulkEmailSender
{
    public int MaxRecipientsPerRequest => 1000;

    public async Task<BulkSendResult> SendAsync(BulkEmail email, IReadOnlyList<BulkRecipient> recipients, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var now = clock.GetUtcNow();
        db.OutboxMessages.AddRange(recipients.Select(r => new OutboxMessage
        {
            CreatedAt = now,
            To = r.Email,
            ToName = r.Name,
            Subject = email.Subject,
            HtmlBody = EmailFields.Apply(email.HtmlBody, r.Fields, html: true),
            TextBody = EmailFields.Apply(email.TextBody, r.Fields, html: false),
            Template = email.Template,
        }));

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return BulkSendResult.Accepted;
        }
        catch (Exception ex) when (ex is DbUpdateException or DbException)
        {
            return new BulkSendResult(BulkSendOutcome.Transient, $"The outbox could not save the batch: {ex.Message}");
        }
    }
}
