using ConnecXPortal.Domain.Cutover;
using ConnecXPortal.Domain.Sessions;
using ConnecXPortal.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ConnecXPortal.Web.Features.Cutover;

/// <summary>The effective schedule as read from the database, with the version of each phase's row it was read at.</summary>
public sealed record CutoverState(CutoverSchedule Schedule, IReadOnlyDictionary<SessionClient, CutoverPhaseProgress> Rows);

/// <summary>
/// The effective cutover schedule: configuration gives the dates, the <see cref="CutoverPhaseProgress"/> rows record
/// what support changed (moved dates, pauses). The job, support's controls and the report read it straight from the
/// database (<see cref="LoadAsync"/>); every request's session check uses <see cref="Current"/>, a copy at most
/// <see cref="MaxAge"/> old, refreshed in the background, so that another instance's change is obeyed within seconds
/// without a query per request.
/// </summary>
public sealed class CutoverScheduleStore(IOptions<CutoverOptions> options, IDbContextFactory<PortalDbContext> dbFactory, ILogger<CutoverScheduleStore> logger)
{
    /// <summary>How old <see cref="Current"/> may be before it is read again.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    private Snapshot? snapshot;
    private int refreshing;

    /// <summary>The schedule as configured, before anything support changed.</summary>
    public CutoverSchedule Configured { get; } = CutoverRegistration.ToSchedule(options.Value);

    /// <summary>The effective schedule, read at most <see cref="MaxAge"/> ago (the first call reads it).</summary>
    public CutoverSchedule Current
    {
        get
        {
            var current = Volatile.Read(ref snapshot);
            if (current is null)
            {
                using var db = dbFactory.CreateDbContext();
                return Remember(Build(Configured, db.CutoverPhases.AsNoTracking().ToList()));
            }

            if (Environment.TickCount64 - current.ReadAt > (long)MaxAge.TotalMilliseconds && Interlocked.Exchange(ref refreshing, 1) == 0)
            {
                _ = RefreshAsync();
            }

            return current.Schedule;
        }
    }

    /// <summary>Reads the effective schedule and the rows' versions now (and remembers it as <see cref="Current"/>).</summary>
    public async Task<CutoverState> LoadAsync(PortalDbContext db, CancellationToken cancellationToken = default)
    {
        var rows = await db.CutoverPhases.AsNoTracking().ToDictionaryAsync(p => p.Client, cancellationToken);
        var schedule = Remember(Build(Configured, rows.Values));
        return new CutoverState(schedule, rows);
    }

    /// <summary>Forgets <see cref="Current"/>, so that the next read sees a change just saved.</summary>
    public void Invalidate() => Volatile.Write(ref snapshot, null);

    /// <summary>
    /// Writes <paramref name="changed"/> over <paramref name="state"/>, one conditional UPDATE per phase that changed,
    /// each only if the row's version is still the one read. False when another change got there first (nothing of
    /// this one should then be kept: call it inside a transaction and roll back).
    /// </summary>
    public static async Task<bool> TrySaveAsync(PortalDbContext db, CutoverState state, CutoverSchedule changed, CancellationToken cancellationToken = default)
    {
        foreach (var phase in changed.AppPhases)
        {
            if (state.Schedule.PhaseFor(phase.Client) == phase)
            {
                continue;
            }

            var version = state.Rows[phase.Client].Version;
            DateTimeOffset? endsAt = phase.Client == SessionClient.WhiteLabel ? phase.End.ToUniversalTime() : null;
            var start = phase.Start.ToUniversalTime();
            var spreadFrom = phase.SpreadFrom?.ToUniversalTime();
            var pausedAt = phase.PausedAt?.ToUniversalTime();
            var pausedFor = phase.PausedFor;
            var updated = await db.CutoverPhases
                .Where(p => p.Client == phase.Client && p.Version == version)
                .ExecuteUpdateAsync(u => u
                    .SetProperty(p => p.StartsAt, start)
                    .SetProperty(p => p.EndsAt, endsAt)
                    .SetProperty(p => p.SpreadFrom, spreadFrom)
                    .SetProperty(p => p.PausedAt, pausedAt)
                    .SetProperty(p => p.PausedFor, pausedFor)
                    .SetProperty(p => p.Version, p => p.Version + 1), cancellationToken);
            if (updated == 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The configured schedule with what the rows record laid over it.</summary>
    public static CutoverSchedule Build(CutoverSchedule configured, IEnumerable<CutoverPhaseProgress> rows)
    {
        var byClient = rows.ToDictionary(r => r.Client);
        if (configured.AppPhases.Count == 0)
        {
            return configured;
        }

        var starts = configured.AppPhases.Select(p => byClient.GetValueOrDefault(p.Client)?.StartsAt ?? p.Start).ToArray();
        var finish = byClient.GetValueOrDefault(SessionClient.WhiteLabel)?.EndsAt ?? configured.AppPhases[^1].End;
        var phases = configured.AppPhases.Select((p, i) =>
        {
            var row = byClient.GetValueOrDefault(p.Client);
            return new CutoverPhase(p.Client, starts[i], i + 1 < starts.Length ? starts[i + 1] : finish)
            {
                SpreadFrom = row?.SpreadFrom,
                PausedAt = row?.PausedAt,
                PausedFor = row?.PausedFor ?? TimeSpan.Zero,
            };
        }).ToList();
        return new CutoverSchedule(configured.PortalCutover, phases);
    }

    private CutoverSchedule Remember(CutoverSchedule schedule)
    {
        Volatile.Write(ref snapshot, new Snapshot(schedule, Environment.TickCount64));
        return schedule;
    }

    private async Task RefreshAsync()
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            await LoadAsync(db);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The copy in hand stays in use; the next read tries again.
            logger.LogWarning(e, "Could not read the cutover schedule; using the copy read before.");
        }
        finally
        {
            Volatile.Write(ref refreshing, 0);
        }
    }

    private sealed record Snapshot(CutoverSchedule Schedule, long ReadAt);
}
