using System.Globalization;
using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Domain.Cutover;
using ConnecXPortal.Domain.Sessions;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Audit;
using ConnecXPortal.Web.Features.Observability;
using Microsoft.EntityFrameworkCore;

namespace ConnecXPortal.Web.Features.Cutover;

/// <summary>
/// Applies what is due of every cutover phase on the schedule in the database. Each range of spread positions is
/// claimed by one conditional UPDATE (on the progress row and the schedule version read), so of several instances
/// exactly one applies it; the claim, the sessions it ends and the run's record are one transaction.
/// </summary>
public sealed class CutoverRunner(PortalDbContext db, CutoverScheduleStore store, TimeProvider clock, AuditLog audit, PortalMetrics metrics, ILogger<CutoverRunner> logger)
{
    /// <summary>Names this instance in the run records.</summary>
    public string Instance { get; set; } = $"{Environment.MachineName}/{Environment.ProcessId}";

    /// <summary>Applies what is due now; returns the runs this call made (none when nothing was due or another instance got there first).</summary>
    public async Task<IReadOnlyList<CutoverRun>> RunDueAsync(CancellationToken cancellationToken = default)
    {
        using var span = PortalActivities.Source.StartActivity("cutover.run");
        var runs = new List<CutoverRun>();
        foreach (var client in store.Configured.Phases.Select(p => p.Client))
        {
            // A lost claim means another instance has just moved this phase on, or support changed it: look again, briefly.
            for (var attempt = 0; attempt < 3; attempt++)
            {
                var state = await store.LoadAsync(db, cancellationToken);
                var phase = state.Schedule.PhaseFor(client)!;
                var row = state.Rows[client];
                var due = phase.PositionsDueAt(clock.UtcNow());
                metrics.CutoverProgress(phase.Client, row.AppliedThrough, due);
                if (due <= row.AppliedThrough)
                {
                    break;
                }

                if (await TryApplyAsync(phase, row.AppliedThrough, due, row.Version, cancellationToken) is { } run)
                {
                    metrics.CutoverProgress(phase.Client, run.ToPosition, due);
                    metrics.CutoverSessionsEnded(phase.Client, run.SessionsEnded);
                    runs.Add(run);
                    break;
                }
            }
        }

        span?.SetTag("cutover.runs", runs.Count);
        return runs;
    }

    private Task<CutoverRun?> TryApplyAsync(CutoverPhase phase, int from, int to, int version, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return strategy.ExecuteAsync(async ct =>
        {
            using var span = PortalActivities.Source.StartActivity("cutover.apply_phase");
            span?.SetTag("cutover.phase", PortalMetrics.Tag(phase.Client));
            span?.SetTag("cutover.from_position", from);
            span?.SetTag("cutover.to_position", to);
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var startedAt = clock.UtcNow();

            var claimed = await db.CutoverPhases
                .Where(p => p.Client == phase.Client && p.AppliedThrough == from && p.Version == version)
                .ExecuteUpdateAsync(u => u
                    .SetProperty(p => p.AppliedThrough, to)
                    .SetProperty(p => p.FirstRunAt, p => p.FirstRunAt ?? startedAt)
                    .SetProperty(p => p.LastRunAt, startedAt), ct);
            if (claimed == 0)
            {
                await transaction.RollbackAsync(ct);
                span?.SetTag("cutover.claimed", false);
                return null;
            }

            var sessions = db.UserSessions.Where(s =>
                s.Client == phase.Client && s.EndedAt == null && s.ExpiresAt > startedAt && s.CreatedAt < phase.Start);
            if (from > 0 || to < CutoverSpread.Resolution)
            {
                sessions = sessions.Where(s => s.SpreadPosition >= from && s.SpreadPosition < to);
            }

            var ended = await sessions.ExecuteUpdateAsync(u => u
                .SetProperty(s => s.EndedAt, startedAt)
                .SetProperty(s => s.EndReason, SessionEndReason.MfaCutover), ct);

            var finishedAt = clock.UtcNow();
            DateTimeOffset? completedAt = to == CutoverSpread.Resolution ? finishedAt : null;
            await db.CutoverPhases
                .Where(p => p.Client == phase.Client)
                .ExecuteUpdateAsync(u => u
                    .SetProperty(p => p.SessionsEnded, p => p.SessionsEnded + ended)
                    .SetProperty(p => p.CompletedAt, completedAt), ct);

            var run = new CutoverRun
            {
                Client = phase.Client,
                FromPosition = from,
                ToPosition = to,
                DueAt = phase.LogoutInstant(to - 1),
                StartedAt = startedAt,
                FinishedAt = finishedAt,
                SessionsEnded = ended,
                Instance = Instance,
            };
            db.CutoverRuns.Add(run);

            // Every run is in CutoverRuns; the audit log gets the ones people care about, not a row a minute.
            if (ended > 0 || from == 0 || to == CutoverSpread.Resolution)
            {
                audit.Add(new AuditEntry(AuditEventTypes.CutoverPhaseApplied)
                {
                    Reason = SessionEndReason.MfaCutover.DisplayName(),
                    Details = string.Create(CultureInfo.InvariantCulture,
                        $"{phase.DisplayName}: positions {from}-{to - 1} of {CutoverSpread.Resolution}, {ended} sessions ended{(completedAt is null ? "" : "; phase complete")}."),
                });
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            span?.SetTag("cutover.claimed", true);
            span?.SetTag("cutover.sessions_ended", ended);
            logger.LogInformation("Cutover {Phase}: applied positions {From}-{To}, ended {Ended} sessions.", phase.DisplayName, from, to - 1, ended);
            return run;
        }, cancellationToken);
    }
}
