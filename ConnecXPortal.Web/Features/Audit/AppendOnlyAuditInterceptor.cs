using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ConnecXPortal.Web.Features.Audit;

/// <summary>Thrown when code tries to change or delete an audit event: the log is append-only.</summary>
public sealed class AuditLogAppendOnlyException(string message) : InvalidOperationException(message);

/// <summary>
/// Refuses to save a change or deletion of an <see cref="AuditEvent"/> through EF Core's change tracker. Set-based
/// updates and deletes (ExecuteUpdate/ExecuteDelete, raw SQL) do not pass through here: database triggers refuse
/// those (in the InitialCreate migrations).
/// </summary>
internal sealed class AppendOnlyAuditInterceptor : SaveChangesInterceptor
{
    public static AppendOnlyAuditInterceptor Instance { get; } = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Check(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void Check(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        var detect = !context.ChangeTracker.AutoDetectChangesEnabled;
        foreach (var entry in context.ChangeTracker.Entries<AuditEvent>())
        {
            if (detect)
            {
                entry.DetectChanges();
            }

            if (entry.State is EntityState.Modified or EntityState.Deleted)
            {
                throw new AuditLogAppendOnlyException(
                    $"The audit log is append-only: audit event {entry.Entity.Id} cannot be {(entry.State == EntityState.Deleted ? "deleted" : "changed")}.");
            }
        }
    }
}
