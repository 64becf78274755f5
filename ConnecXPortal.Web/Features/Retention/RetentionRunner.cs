using System.Linq.Expressions;
using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Domain.Retention;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Sessions;
using ConnecXPortal.Web.Features.Throttling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ConnecXPortal.Web.Features.Retention;

/// <summary>What one run deleted from one table, and in how many delete statements.</summary>
public sealed record RetentionCount(string Table, int Deleted, int Batches);

/// <summary>
/// Deletes the rows that have outlived their retention period (see README.md), in batches: each statement is
/// <c>DELETE … WHERE key IN (SELECT key … WHERE due ORDER BY … LIMIT/TOP n)</c> on an index, its own short transaction,
/// followed by a pause, so no batch holds SQLite's write lock for long or makes SQL Server escalate to a table lock.
/// The outer statement repeats the condition, so a row changed meanwhile (a slot taken again) is left alone.
/// </summary>
public sealed class RetentionRunner(PortalDbContext db, AuditRetention auditRetention, TimeProvider clock,
    IOptions<RetentionOptions> options, IOptions<RateLimitOptions> rateLimits, ILogger<RetentionRunner> logger)
{
    public async Task<IReadOnlyList<RetentionCount>> RunAsync(CancellationToken cancellationToken = default)
    {
        var o = options.Value;
        var now = clock.UtcNow();
        var n = o.BatchSize;
        var sessions = RetentionLimits.Cutoff(now, o.Sessions);
        var links = RetentionLimits.Cutoff(now, o.Links);
        var codes = RetentionLimits.Cutoff(now, o.EmailCodes);
        var tickets = RetentionLimits.Cutoff(now, o.Tickets);
        var outbox = RetentionLimits.Cutoff(now, o.Outbox);

        // A slot is free once its window has passed; the longest window any slot is claimed with bounds them all.
        var longestWindow = new[] { rateLimits.Value.AccountEmails.RecipientWindow, EmailCodePolicy.ResendAfter }.Max();
        var slots = now - longestWindow;
        var keysPerBatch = Math.Max(1, n / Math.Max(1, rateLimits.Value.AccountEmails.PerRecipient));

        var counts = new List<RetentionCount>
        {
            await SessionsAsync("UserSessions (ended)", s => s.EndedAt != null && s.EndedAt < sessions, s => s.EndedAt, cancellationToken),
            await SessionsAsync("UserSessions (lapsed)", s => s.EndedAt == null && s.ExpiresAt < sessions, s => s.ExpiresAt, cancellationToken),
            await BatchesAsync("AccountLinks (expired)", () => db.AccountLinks
                .Where(l => l.ExpiresAt < links
                    && db.AccountLinks.Where(x => x.ExpiresAt < links).OrderBy(x => x.ExpiresAt).Select(x => x.Id).Take(n).Contains(l.Id))
                .ExecuteDeleteAsync(cancellationToken), cancellationToken),
            await BatchesAsync("AccountLinks (used)", () => db.AccountLinks
                .Where(l => l.UsedAt != null && l.UsedAt < links
                    && db.AccountLinks.Where(x => x.UsedAt != null && x.UsedAt < links).OrderBy(x => x.UsedAt).Select(x => x.Id).Take(n).Contains(l.Id))
                .ExecuteDeleteAsync(cancellationToken), cancellationToken),
            await BatchesAsync("EmailCodeChallenges", () => db.EmailCodeChallenges
                .Where(c => c.SentAt < codes
                    && db.EmailCodeChallenges.Where(x => x.SentAt < codes).OrderBy(x => x.SentAt).Select(x => x.Id).Take(n).Contains(c.Id))
                .ExecuteDeleteAsync(cancellationToken), cancellationToken),
            await BatchesAsync("StepUpVerifications", () => db.StepUpVerifications
                .Where(v => v.VerifiedAt < codes
                    && db.StepUpVerifications.Where(x => x.VerifiedAt < codes).OrderBy(x => x.VerifiedAt).Select(x => x.Id).Take(n).Contains(v.Id))
                .ExecuteDeleteAsync(cancellationToken), cancellationToken),
            await BatchesAsync("AppSignInTickets", () => db.AppSignInTickets
                .Where(t => t.ExpiresAt < tickets
                    && db.AppSignInTickets.Where(x => x.ExpiresAt < tickets).OrderBy(x => x.ExpiresAt).Select(x => x.Id).Take(n).Contains(t.Id))
                .ExecuteDeleteAsync(cancellationToken), cancellationToken),
            await BatchesAsync("OutboxMessages", () => db.OutboxMessages
                .Where(m => m.CreatedAt < outbox
                    && db.OutboxMessages.Where(x => x.CreatedAt < outbox).OrderBy(x => x.CreatedAt).Select(x => x.Id).Take(n).Contains(m.Id))
                .ExecuteDeleteAsync(cancellationToken), cancellationToken),

            // The key is the primary key's first column: a batch is the due slots of a few keys, so that no more than
            // a batch of rows goes (a key has at most PerRecipient slots), and a batch that deletes fewer is not the last.
            await BatchesAsync("ThrottleSlots", () => db.ThrottleSlots
                .Where(s => s.UsedAt < slots
                    && db.ThrottleSlots.Where(x => x.UsedAt < slots).OrderBy(x => x.UsedAt).Select(x => x.Key).Take(keysPerBatch).Contains(s.Key))
                .ExecuteDeleteAsync(cancellationToken), cancellationToken, fullBatch: 1),
        };

        if (o.Audit is { } audit)
        {
            counts.Add(await auditRetention.PurgeAsync(RetentionLimits.Cutoff(now, audit), audit, n, o.PauseBetweenBatches, cancellationToken));
        }

        if (counts.Any(c => c.Deleted > 0))
        {
            logger.LogInformation("Retention deleted {Counts}.", string.Join(", ", counts.Where(c => c.Deleted > 0).Select(c => $"{c.Deleted} from {c.Table}")));
        }

        return counts;
    }

    /// <summary>
    /// Sessions and their refresh tokens. A long-lived app session can have thousands of tokens, so the tokens of the
    /// next batch of sessions are deleted in batches first; the sessions' own delete then cascades to nothing.
    /// </summary>
    private async Task<RetentionCount> SessionsAsync<TKey>(string table, Expression<Func<UserSession, bool>> due,
        Expression<Func<UserSession, TKey>> order, CancellationToken cancellationToken)
    {
        var n = options.Value.BatchSize;
        var deleted = 0;
        var batches = 0;
        while (true)
        {
            var next = db.UserSessions.Where(due).OrderBy(order).Select(s => s.Id).Take(n);
            var tokens = await db.AppRefreshTokens
                .Where(t => db.AppRefreshTokens.Where(x => next.Contains(x.SessionId)).OrderBy(x => x.Id).Select(x => x.Id).Take(n).Contains(t.Id))
                .ExecuteDeleteAsync(cancellationToken);
            if (tokens > 0)
            {
                batches++;
                await PauseAsync(cancellationToken);
            }

            if (tokens == n)
            {
                continue;
            }

            var ended = await db.UserSessions.Where(due).Where(s => next.Contains(s.Id)).ExecuteDeleteAsync(cancellationToken);
            deleted += ended;
            if (ended == 0)
            {
                return new RetentionCount(table, deleted, batches);
            }

            batches++;
            await PauseAsync(cancellationToken);
            if (ended < n)
            {
                return new RetentionCount(table, deleted, batches);
            }
        }
    }

    /// <summary>Deletes batches until one deletes fewer than <paramref name="fullBatch"/> rows (the batch size by default).</summary>
    private async Task<RetentionCount> BatchesAsync(string table, Func<Task<int>> deleteBatch, CancellationToken cancellationToken, int? fullBatch = null)
    {
        var n = fullBatch ?? options.Value.BatchSize;
        var deleted = 0;
        var batches = 0;
        int last;
        do
        {
            last = await deleteBatch();
            if (last == 0)
            {
                break;
            }

            deleted += last;
            batches++;
            await PauseAsync(cancellationToken);
        }
        while (last == n);

        return new RetentionCount(table, deleted, batches);
    }

    // Wall-clock time on purpose: the pause is for the other writers waiting on the database now, not a business period.
    private Task PauseAsync(CancellationToken cancellationToken) =>
        options.Value.PauseBetweenBatches > TimeSpan.Zero ? Task.Delay(options.Value.PauseBetweenBatches, cancellationToken) : Task.CompletedTask;
}
