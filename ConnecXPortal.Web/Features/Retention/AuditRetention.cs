using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Audit;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;

namespace ConnecXPortal.Web.Features.Retention;

/// <summary>
/// Deletes audit events older than <c>Retention:Audit</c> through the one path the append-only triggers allow (the
/// InitialCreate migration): on SQL Server the procedure <c>PurgeAuditEvents</c>, which sets
/// <c>SESSION_CONTEXT('audit_retention')</c>; on SQLite a row in <c>AuditRetentionGrants</c> inserted and removed in
/// the batch's own transaction. Either way the database itself refuses events younger than 90 days. The purge is
/// recorded as one audit event with the count and the cutoff.
/// </summary>
public sealed class AuditRetention(PortalDbContext db, AuditLog audit)
{
    public const string SqlServerProcedure = "PurgeAuditEvents";
    public const string SqliteGrantsTable = "AuditRetentionGrants";

    public async Task<RetentionCount> PurgeAsync(DateTimeOffset cutoff, TimeSpan period, int batchSize, TimeSpan pause, CancellationToken cancellationToken = default)
    {
        var deleted = 0;
        var batches = 0;
        try
        {
            int last;
            do
            {
                last = db.Database.IsSqlServer()
                    ? await SqlServerBatchAsync(cutoff, batchSize, cancellationToken)
                    : await SqliteBatchAsync(cutoff, batchSize, cancellationToken);
                deleted += last;
                batches += last > 0 ? 1 : 0;
                if (last > 0 && pause > TimeSpan.Zero)
                {
                    await Task.Delay(pause, cancellationToken);
                }
            }
            while (last == batchSize);
        }
        finally
        {
            // Also after a failure part-way: every event that was deleted is accounted for.
            if (deleted > 0)
            {
                await audit.RecordAsync(new AuditEntry(AuditEventTypes.AuditEventsPurged)
                {
                    Reason = $"Retention:Audit is {period.TotalDays:0.##} days.",
                    Details = $"Deleted {deleted} audit events from before {cutoff.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}.",
                }, CancellationToken.None);
            }
        }

        return new RetentionCount("AuditEvents", deleted, batches);
    }

    private async Task<int> SqlServerBatchAsync(DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken)
    {
        var deleted = new SqlParameter("@Deleted", System.Data.SqlDbType.Int) { Direction = System.Data.ParameterDirection.Output };
        await db.Database.ExecuteSqlRawAsync(
            $"EXEC [dbo].[{SqlServerProcedure}] @Cutoff, @BatchSize, @Deleted OUTPUT",
            [new SqlParameter("@Cutoff", cutoff), new SqlParameter("@BatchSize", batchSize), deleted],
            cancellationToken);
        return (int)deleted.Value;
    }

    private async Task<int> SqliteBatchAsync(DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var ticks = cutoff.UtcTicks;
        await db.Database.ExecuteSqlAsync($"""INSERT INTO "AuditRetentionGrants" ("Cutoff") VALUES ({ticks})""", cancellationToken);
        var deleted = await db.AuditEvents
            .Where(e => e.At < cutoff && db.AuditEvents.Where(x => x.At < cutoff).OrderBy(x => x.At).Select(x => x.Id).Take(batchSize).Contains(e.Id))
            .ExecuteDeleteAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"""DELETE FROM "AuditRetentionGrants" """, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }
}
