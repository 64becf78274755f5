using System.Net.Mail;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Cutover;
using ConnecXPortal.Web.Features.Notifications;
using ConnecXPortal.Web.Features.Observability;
using ConnecXPortal.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ConnecXPortal.Web.Features.Announcements;

/// <summary>
/// Sends one campaign: claims a batch of pending recipients in one UPDATE, hands it to the bulk sender as one
/// request, and records the outcome for the whole batch in one UPDATE. Transient failures (429, 5xx, no
/// connection) are retried with the provider's Retry-After or an exponential backoff; a batch whose fate is unknown
/// (the answer never came, or the portal stopped mid-request) is marked unconfirmed and never sent again by itself.
/// </summary>
public sealed class CampaignRunner(
    IServiceScopeFactory scopeFactory,
    IDbContextFactory<PortalDbContext> dbFactory,
    EmailRenderer renderer,
    RolloutDates dates,
    PortalUrls urls,
    AnnouncementSignals signals,
    IOptions<AnnouncementOptions> options,
    TimeProvider clock,
    PortalMetrics metrics,
    ILogger<CampaignRunner> logger)
{
    public const string InterruptedError =
        "The portal stopped while this batch was being sent: it may or may not have been delivered, so it is not sent again automatically.";

    /// <summary>
    /// After a restart: every recipient still marked as sending was in a request when the process ended. Whether the
    /// provider took it is unknown, so those recipients become unconfirmed (never resent without a person deciding).
    /// Returns how many. Call only when no runner of this database is sending (the portal sends from one instance).
    /// </summary>
    public async Task<int> RecoverInterruptedAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var campaigns = await db.AnnouncementRecipients.Where(r => r.Status == RecipientStatus.Sending)
            .Select(r => r.CampaignId).Distinct().ToListAsync(cancellationToken);
        var interrupted = await db.AnnouncementRecipients
            .Where(r => r.Status == RecipientStatus.Sending)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, RecipientStatus.Unconfirmed)
                .SetProperty(r => r.CompletedAt, now)
                .SetProperty(r => r.Error, InterruptedError), cancellationToken);
        if (interrupted > 0)
        {
            logger.LogWarning(
                "{Count} announcement recipients were in a batch in flight when the portal last stopped; they are marked unconfirmed and will not be sent again automatically.",
                interrupted);
            foreach (var campaignId in campaigns)
            {
                await PublishAsync(db, campaignId, cancellationToken);
            }
        }

        return interrupted;
    }

    /// <summary>
    /// After an unexpected error in <see cref="RunAsync"/>: the campaign pauses with the error, and its batch in flight
    /// (if any) becomes unconfirmed, since the error may have come after the provider took it.
    /// </summary>
    public async Task PauseAfterFailureAsync(Guid campaignId, string error)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var now = clock.GetUtcNow();
        await db.AnnouncementRecipients
            .Where(r => r.CampaignId == campaignId && r.Status == RecipientStatus.Sending)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, RecipientStatus.Unconfirmed)
                .SetProperty(r => r.CompletedAt, now)
                .SetProperty(r => r.Error, "Sending stopped on an unexpected error; this batch may or may not have been delivered."));
        var message = $"Paused on an unexpected error: {error}";
        await db.AnnouncementCampaigns
            .Where(c => c.Id == campaignId && (c.Status == CampaignStatus.Queued || c.Status == CampaignStatus.Sending))
            .ExecuteUpdateAsync(s => s
                .SetProperty(c => c.Status, CampaignStatus.Paused)
                .SetProperty(c => c.NextAttemptAt, (DateTimeOffset?)null)
                .SetProperty(c => c.LastError, message.Length > 1000 ? message[..1000] : message));
        await PublishAsync(db, campaignId, CancellationToken.None);
    }

    /// <summary>The campaigns waiting to be sent, oldest first.</summary>
    public async Task<List<Guid>> RunnableAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.AnnouncementCampaigns
            .Where(c => c.Status == CampaignStatus.Queued || c.Status == CampaignStatus.Sending)
            .OrderBy(c => c.CreatedAt)
            .Select(c => c.Id)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Sends every pending recipient of the campaign, unless it is paused or stopped meanwhile.</summary>
    public async Task RunAsync(Guid campaignId, CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var sender = scope.ServiceProvider.GetRequiredService<IBulkEmailSender>();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);

        var now = clock.GetUtcNow();
        var started = await db.AnnouncementCampaigns
            .Where(c => c.Id == campaignId && (c.Status == CampaignStatus.Queued || c.Status == CampaignStatus.Sending))
            .ExecuteUpdateAsync(s => s
                .SetProperty(c => c.Status, CampaignStatus.Sending)
                .SetProperty(c => c.StartedAt, c => c.StartedAt ?? now)
                .SetProperty(c => c.NextAttemptAt, (DateTimeOffset?)null), cancellationToken);
        if (started == 0)
        {
            return;
        }

        var template = await db.AnnouncementCampaigns.Where(c => c.Id == campaignId).Select(c => c.Template).SingleAsync(cancellationToken);
        var email = Render(campaignId, template);
        var batchSize = Math.Min(options.Value.BatchSize, sender.MaxRecipientsPerRequest);
        await PublishAsync(db, campaignId, cancellationToken);

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!await IsSendingAsync(db, campaignId, cancellationToken))
            {
                await PublishAsync(db, campaignId, CancellationToken.None);
                return;
            }

            var batch = await ClaimAsync(db, campaignId, batchSize, cancellationToken);
            if (batch.Recipients.Count == 0)
            {
                break;
            }

            if (!await SendBatchAsync(db, sender, email, batch, cancellationToken))
            {
                await PublishAsync(db, campaignId, CancellationToken.None);
                return;
            }

            await PublishAsync(db, campaignId, cancellationToken);
        }

        var finishedAt = clock.GetUtcNow();
        await db.AnnouncementCampaigns
            .Where(c => c.Id == campaignId && c.Status == CampaignStatus.Sending)
            .Where(c => !db.AnnouncementRecipients.Any(r => r.CampaignId == campaignId
                && (r.Status == RecipientStatus.Pending || r.Status == RecipientStatus.Sending)))
            .ExecuteUpdateAsync(s => s
                .SetProperty(c => c.Status, CampaignStatus.Completed)
                .SetProperty(c => c.FinishedAt, finishedAt)
                .SetProperty(c => c.NextAttemptAt, (DateTimeOffset?)null), CancellationToken.None);
        await PublishAsync(db, campaignId, CancellationToken.None);
    }

    private BulkEmail Render(Guid campaignId, string template)
    {
        var content = template switch
        {
            AnnouncementEmail.Template => AnnouncementEmail.Create(dates, urls),
            _ => throw new InvalidOperationException($"Campaign {campaignId} has an unknown template '{template}'."),
        };
        var rendered = renderer.Render(content, to: "", toName: null);
        return new BulkEmail(template, rendered.Subject, rendered.HtmlBody, rendered.TextBody, campaignId);
    }

    private static Task<bool> IsSendingAsync(PortalDbContext db, Guid campaignId, CancellationToken cancellationToken) =>
        db.AnnouncementCampaigns.AnyAsync(c => c.Id == campaignId && c.Status == CampaignStatus.Sending, cancellationToken);

    private async Task<Batch> ClaimAsync(PortalDbContext db, Guid campaignId, int size, CancellationToken cancellationToken)
    {
        var candidates = await db.AnnouncementRecipients.AsNoTracking()
            .Where(r => r.CampaignId == campaignId && r.Status == RecipientStatus.Pending)
            .OrderBy(r => r.Id)
            .Take(size)
            .Select(r => new Claimed(r.Id, r.Email, r.GivenName, r.FamilyName))
            .ToListAsync(cancellationToken);
        var batchId = Guid.CreateVersion7();
        if (candidates.Count == 0)
        {
            return new Batch(batchId, []);
        }

        var ids = candidates.Select(c => c.Id).ToList();
        var now = clock.GetUtcNow();
        var claimed = await db.AnnouncementRecipients
            .Where(r => ids.Contains(r.Id) && r.Status == RecipientStatus.Pending)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, RecipientStatus.Sending)
                .SetProperty(r => r.BatchId, batchId)
                .SetProperty(r => r.ClaimedAt, now), cancellationToken);
        if (claimed == candidates.Count)
        {
            return new Batch(batchId, candidates);
        }

        // Someone else (support re-queueing, another sender) changed some of these rows meanwhile: send only what this batch holds.
        var mine = await db.AnnouncementRecipients.AsNoTracking()
            .Where(r => r.BatchId == batchId)
            .OrderBy(r => r.Id)
            .Select(r => new Claimed(r.Id, r.Email, r.GivenName, r.FamilyName))
            .ToListAsync(cancellationToken);
        return new Batch(batchId, mine);
    }

    /// <summary>Sends one batch with retries; false when the campaign had to pause.</summary>
    private async Task<bool> SendBatchAsync(PortalDbContext db, IBulkEmailSender sender, BulkEmail email, Batch batch, CancellationToken cancellationToken)
    {
        var invalid = batch.Recipients.Where(r => !MailAddress.TryCreate(r.Email, out _)).Select(r => r.Id).ToList();
        if (invalid.Count > 0)
        {
            await db.AnnouncementRecipients.Where(r => invalid.Contains(r.Id))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.Status, RecipientStatus.Failed)
                    .SetProperty(r => r.CompletedAt, clock.GetUtcNow())
                    .SetProperty(r => r.Error, "Not a valid email address."), CancellationToken.None);
        }

        var recipients = batch.Recipients
            .Where(r => !invalid.Contains(r.Id))
            .Select(r => new BulkRecipient(r.Id, r.Email, $"{r.GivenName} {r.FamilyName}".Trim() is { Length: > 0 } name ? name : null,
                EmailFields.ForResident(r.GivenName)))
            .ToList();
        if (recipients.Count == 0)
        {
            return true;
        }

        for (var attempt = 1; ; attempt++)
        {
            // Cancelled here (the portal is stopping) the request may already be with the provider: the rows stay
            // "sending" and become unconfirmed at the next start.
            var result = await sender.SendAsync(email, recipients, cancellationToken);
            switch (result.Outcome)
            {
                case BulkSendOutcome.Accepted:
                    metrics.EmailSent(email.Template, recipients.Count);
                    await CompleteAsync(db, batch.Id, RecipientStatus.Sent, null);
                    if (attempt > 1)
                    {
                        await SetRetryAsync(db, email.CampaignId, null, null);
                    }

                    return true;
                case BulkSendOutcome.Rejected:
                    metrics.EmailFailed(email.Template, recipients.Count);
                    await CompleteAsync(db, batch.Id, RecipientStatus.Failed, result.Error);
                    return true;
                case BulkSendOutcome.Unknown:
                    metrics.EmailUnconfirmed(email.Template, recipients.Count);
                    logger.LogWarning("A batch of {Count} announcement emails may or may not have been delivered: {Error}", recipients.Count, result.Error);
                    await CompleteAsync(db, batch.Id, RecipientStatus.Unconfirmed, result.Error);
                    return true;
            }

            if (attempt >= options.Value.MaxAttempts)
            {
                await ReleaseAsync(db, batch.Id);
                await db.AnnouncementCampaigns.Where(c => c.Id == email.CampaignId && c.Status == CampaignStatus.Sending)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(c => c.Status, CampaignStatus.Paused)
                        .SetProperty(c => c.NextAttemptAt, (DateTimeOffset?)null)
                        .SetProperty(c => c.LastError,
                            $"Paused after {attempt} attempts: {result.Error} Nothing in this batch was sent; resume when the provider recovers."),
                        CancellationToken.None);
                logger.LogWarning("Paused announcement campaign {Campaign} after {Attempts} attempts: {Error}", email.CampaignId, attempt, result.Error);
                return false;
            }

            var delay = result.RetryAfter ?? options.Value.Backoff(attempt);
            // The timer starts before the retry time is visible, so whoever reads it (a test's fake clock) cannot move time past it unseen.
            var wait = Task.Delay(delay, clock, cancellationToken);
            await SetRetryAsync(db, email.CampaignId, clock.GetUtcNow() + delay, $"{result.Error} Attempt {attempt} of {options.Value.MaxAttempts}.");
            await PublishAsync(db, email.CampaignId, CancellationToken.None);
            try
            {
                await wait;
            }
            catch (OperationCanceledException)
            {
                // The last attempt was refused outright, so nothing of this batch is with the provider: it can go back to pending.
                await ReleaseAsync(db, batch.Id);
                throw;
            }

            if (!await IsSendingAsync(db, email.CampaignId, CancellationToken.None))
            {
                // Stopped by support while waiting to retry.
                await ReleaseAsync(db, batch.Id);
                return false;
            }
        }
    }

    private async Task CompleteAsync(PortalDbContext db, Guid batchId, RecipientStatus status, string? error)
    {
        var now = clock.GetUtcNow();
        var truncated = error is { Length: > 1000 } ? error[..1000] : error;
        // Not cancellable: an outcome the provider has given is always recorded.
        await db.AnnouncementRecipients
            .Where(r => r.BatchId == batchId && r.Status == RecipientStatus.Sending)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, status)
                .SetProperty(r => r.CompletedAt, now)
                .SetProperty(r => r.Error, truncated), CancellationToken.None);
    }

    private static Task ReleaseAsync(PortalDbContext db, Guid batchId) =>
        db.AnnouncementRecipients
            .Where(r => r.BatchId == batchId && r.Status == RecipientStatus.Sending)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, RecipientStatus.Pending)
                .SetProperty(r => r.BatchId, (Guid?)null)
                .SetProperty(r => r.ClaimedAt, (DateTimeOffset?)null), CancellationToken.None);

    private static Task SetRetryAsync(PortalDbContext db, Guid campaignId, DateTimeOffset? nextAttemptAt, string? error)
    {
        var truncated = error is { Length: > 1000 } ? error[..1000] : error;
        return db.AnnouncementCampaigns.Where(c => c.Id == campaignId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(c => c.NextAttemptAt, nextAttemptAt)
                .SetProperty(c => c.LastError, truncated), CancellationToken.None);
    }

    private async Task PublishAsync(PortalDbContext db, Guid campaignId, CancellationToken cancellationToken)
    {
        if (await db.CampaignProgressAsync(campaignId, cancellationToken) is { } progress)
        {
            signals.Publish(progress);
        }
    }

    private sealed record Claimed(long Id, string Email, string GivenName, string FamilyName);

    private sealed record Batch(Guid Id, List<Claimed> Recipients);
}
