using ConnecXPortal.Domain.Cutover;
using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Factors;
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
}

/// <summary>The cutover at a glance, for support.</summary>
public sealed record CutoverSummary(
    DateTimeOffset PortalCutover,
    bool MfaMandatory,
    IReadOnlyList<CutoverPhaseStatus> Phases,
    int UsersSignedInWithSecondFactor,
    int ActivatedUsersWithoutFactor);

/// <summary>Reads the cutover's progress and the MFA take-up for support's cutover page; every figure is computed in SQL.</summary>
public sealed class CutoverReport(PortalDbContext db, CutoverSchedule schedule, TimeProvider clock)
{
    public async Task<CutoverSummary> GetAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.UtcNow();
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
                toEnd));
        }

        var cutover = schedule.PortalCutover;
        var withSecondFactor = await db.UserSessions
            .Where(s => s.CreatedAt >= cutover && s.SignInMethod != SignInMethod.Password)
            .Select(s => s.UserId)
            .Distinct()
            .CountAsync(cancellationToken);
        var withoutFactor = await db.ActivatedUsersWithoutFactor().CountAsync(cancellationToken);

        return new CutoverSummary(cutover, schedule.IsMfaMandatory(now), phases, withSecondFactor, withoutFactor);
    }
}
