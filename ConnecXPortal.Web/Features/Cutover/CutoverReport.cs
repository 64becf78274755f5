using ConnecXPortal.Domain.Cutover;
using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Domain.Sessions;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Factors;
using ConnecXPortal.Web.Hosting;
using Microsoft.EntityFrameworkCore;

namespace ConnecXPortal.Web.Features.Cutover;

/// <summary>Where one phase stands.</summary>
/// <param name="Phase">The phase and its window.</param>
/// <param name="AppliedThrough">Spread positions applied so far (of <see cref="CutoverSpread.Resolution"/>).</param>
/// <param name="FirstRunAt">When the job first applied part of it.</param>
/// <param name="CompletedAt">When the job applied its last position.</param>
/// <param name="Runs">How many runs applied it.</param>
/// <param name="SessionsEnded">Sessions it ended.</param>
/// <param name="SessionsToEnd">Live sessions it will still end (created before its start).</param>
public sealed record CutoverPhaseStatus(
    CutoverPhase Phase,
    int AppliedThrough,
    DateTimeOffset? FirstRunAt,
    DateTimeOffset? CompletedAt,
    int Runs,
    int SessionsEnded,
    int SessionsToEnd)
{
    /// <summary>The share of users whose logout has been applied, 0 to 100.</summary>
    public int PercentApplied => AppliedThrough * 100 / CutoverSpread.Resolution;

    /// <summary>Whether the phase can be paused now (an app phase under way), resumed, or neither.</summary>
    public bool CanPause { get; init; }
}

/// <summary>How many live sessions one phase will end on one day (in the portal's time zone).</summary>
public sealed record CutoverPreviewDay(SessionClient Client, DateOnly Day, int Sessions);

/// <summary>The cutover at a glance, for support.</summary>
public sealed record CutoverSummary(
    DateTimeOffset PortalCutover,
    bool MfaMandatory,
    IReadOnlyList<CutoverPhaseStatus> Phases,
    int UsersSignedInWithSecondFactor,
    int ActivatedUsersWithoutFactor)
{
    /// <summary>The effective schedule the figures were computed on.</summary>
    public CutoverSchedule Schedule { get; init; } = new(PortalCutover);

    /// <summary>Sessions that will end per phase and per day, from the live sessions now; a paused phase as if resumed now.</summary>
    public IReadOnlyList<CutoverPreviewDay> Preview { get; init; } = [];
}

/// <summary>Reads the cutover's progress and the MFA take-up for support's cutover page; every figure is computed in SQL.</summary>
public sealed class CutoverReport(PortalDbContext db, CutoverScheduleStore store, PortalTime time, TimeProvider clock)
{
    public async Task<CutoverSummary> GetAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.UtcNow();
        var schedule = (await store.LoadAsync(db, cancellationToken)).Schedule;
        var progress = await db.CutoverPhases.AsNoTracking().ToDictionaryAsync(p => p.Client, cancellationToken);
        var runs = await db.CutoverRuns.AsNoTracking()
            .GroupBy(r => r.Client)
            .Select(g => new { Client = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Client, g => g.Count, cancellationToken);

        var phases = new List<CutoverPhaseStatus>();
        foreach (var phase in schedule.Phases)
        {
            var toEnd = await db.UserSessions.CountAsync(s =>
                s.Client == phase.Client && s.EndedAt == null && s.ExpiresAt > now && s.CreatedAt < phase.Start, cancellationToken);
            progress.TryGetValue(phase.Client, out var row);
            phases.Add(new CutoverPhaseStatus(
                phase,
                row?.AppliedThrough ?? 0,
                row?.FirstRunAt,
                row?.CompletedAt,
                runs.GetValueOrDefault(phase.Client),
                row?.SessionsEnded ?? 0,
                toEnd)
            {
                CanPause = phase.Client.IsApp() && phase.HasStarted(now) && !phase.IsDueInFull(now),
            });
        }

        var cutover = schedule.PortalCutover;
        var withSecondFactor = await db.UserSessions
            .Where(s => s.CreatedAt >= cutover && s.SignInMethod != SignInMethod.Password)
            .Select(s => s.UserId)
            .Distinct()
            .CountAsync(cancellationToken);
        var withoutFactor = await db.ActivatedUsersWithoutFactor().CountAsync(cancellationToken);

        return new CutoverSummary(cutover, schedule.IsMfaMandatory(now), phases, withSecondFactor, withoutFactor)
        {
            Schedule = schedule,
            Preview = await PreviewAsync(schedule, now, cancellationToken),
        };
    }

    /// <summary>
    /// For each phase not yet complete: its live sessions from before its start, counted by spread position in SQL (at
    /// most 10,000 groups), each position placed on the local day its logout falls (today when it is already due).
    /// </summary>
    private async Task<IReadOnlyList<CutoverPreviewDay>> PreviewAsync(CutoverSchedule schedule, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var days = new List<CutoverPreviewDay>();
        foreach (var phase in schedule.Phases)
        {
            var positions = await db.UserSessions
                .Where(s => s.Client == phase.Client && s.EndedAt == null && s.ExpiresAt > now && s.CreatedAt < phase.Start)
                .GroupBy(s => s.SpreadPosition)
                .Select(g => new { Position = g.Key, Count = g.Count() })
                .ToListAsync(cancellationToken);

            // A paused phase is shown as if resumed now: every logout not yet reached moves by the pause so far.
            var resumed = phase.IsPaused ? phase.ResumedAt(now) : phase;
            days.AddRange(positions
                .Select(p => (Day: Day(Later(phase.IsReached(phase.LogoutInstant(p.Position)) ? phase.LogoutInstant(p.Position) : resumed.LogoutInstant(p.Position), now)), p.Count))
                .GroupBy(p => p.Day)
                .OrderBy(g => g.Key)
                .Select(g => new CutoverPreviewDay(phase.Client, g.Key, g.Sum(p => p.Count))));
        }

        return days;
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private DateOnly Day(DateTimeOffset instant) => DateOnly.FromDateTime(time.ToLocal(instant).DateTime);
}
