using System.Globalization;
using System.Security.Claims;
using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Domain.Cutover;
using ConnecXPortal.Domain.People;
using ConnecXPortal.Domain.Sessions;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Audit;
using ConnecXPortal.Web.Features.Security;
using ConnecXPortal.Web.Features.Support.Users;
using ConnecXPortal.Web.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ConnecXPortal.Web.Features.Cutover;

/// <summary>
/// What support can do to the rollout on /support/cutover: pause and resume an app phase, move a phase's start or the
/// finish. Each needs the Support role (checked here, not only by the page), a reason and a verification in the last
/// 5 minutes, as every support action does; each is audited with its reason in the same transaction as the change.
/// The change is conditional UPDATEs on the phase rows' versions, so of two support users or instances making the
/// same change at once, exactly one makes it and the other is told what the schedule is now.
/// </summary>
public sealed class CutoverControls(
    PortalDbContext db,
    CutoverScheduleStore store,
    UserManager<PortalUser> users,
    StepUp stepUp,
    AuditLog audit,
    PortalTime time,
    TimeProvider clock,
    IOptions<CutoverOptions> options,
    ILogger<CutoverControls> logger)
{
    /// <summary>The format of a local date and time support types (an HTML datetime-local value).</summary>
    public const string LocalFormat = "yyyy-MM-dd'T'HH:mm";

    public Task<SupportActionResult> PauseAsync(ClaimsPrincipal actor, SessionClient client, string? reason, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, reason, (schedule, now) => schedule.Pause(client, now), (before, after, now) =>
        {
            var phase = after.PhaseFor(client)!;
            var applied = phase.PositionsDueAt(now) * 100 / CutoverSpread.Resolution;
            return (AuditEventTypes.CutoverPhasePaused,
                $"{phase.DisplayName}: paused at {time.DateTime(now)} with {applied}% of its users logged out.",
                $"Paused the {phase.DisplayName} phase. It logs nobody out until it is resumed.");
        }, cancellationToken);

    public Task<SupportActionResult> ResumeAsync(ClaimsPrincipal actor, SessionClient client, string? reason, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, reason, (schedule, now) => schedule.Resume(client, now), (before, after, now) =>
        {
            var phase = after.PhaseFor(client)!;
            var paused = now - before.PhaseFor(client)!.PausedAt!.Value;
            return (AuditEventTypes.CutoverPhaseResumed,
                $"{phase.DisplayName}: resumed after {Duration(paused)}; its remaining logouts are that much later, the last at {time.DateTime(phase.FinishesAt(now))}.",
                $"Resumed the {phase.DisplayName} phase where it stopped. Its last logout is now at {time.DateTime(phase.FinishesAt(now))}.");
        }, cancellationToken);

    /// <summary>Moves <paramref name="date"/> to <paramref name="local"/>, a local time in Cutover:TimeZone (<see cref="LocalFormat"/>).</summary>
    public async Task<SupportActionResult> MoveAsync(ClaimsPrincipal actor, CutoverDate date, string? local, string? reason, CancellationToken cancellationToken = default)
    {
        if (!DateTime.TryParseExact(local?.Trim(), LocalFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            && !DateTime.TryParseExact(local?.Trim(), "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out value))
        {
            // Checked after who and why, so that those are said first, but before anything is read.
            if (await CheckActorAsync(actor, reason) is { } first)
            {
                return first;
            }

            return SupportActionResult.Problem("Enter the new date and time (day, month, year, hours and minutes).");
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);
        return await ChangeAsync(actor, reason, (schedule, now) =>
        {
            // The same checks as at start (time zone gaps and overlaps, order), on the schedule as it is now with this date moved.
            var proposed = Options(schedule, zone);
            Set(proposed, date, value);
            var result = new CutoverOptionsValidator().Validate(null, proposed);
            return result.Failed
                ? CutoverEdit.Refused(string.Join(" ", result.Failures))
                : schedule.Move(date, CutoverRegistration.ToInstant(value, zone), now);
        }, (before, after, now) =>
        {
            var (from, to) = (Instant(before, date), Instant(after, date));
            var what = Name(date);
            return (AuditEventTypes.CutoverDateMoved,
                $"{what} moved from {time.DateTime(from)} to {time.DateTime(to)}.",
                $"Moved {char.ToLowerInvariant(what[0])}{what[1..]} to {time.DateTime(to)}.");
        }, cancellationToken);
    }

    /// <summary>What <paramref name="date"/> is called on the page and in the audit log.</summary>
    public static string Name(CutoverDate date) => date switch
    {
        CutoverDate.AndroidFrom => "The Android phase's start",
        CutoverDate.IosFrom => "The iOS phase's start",
        CutoverDate.WhiteLabelFrom => "The white-label phase's start",
        _ => "The finish (every app logout done by)",
    };

    /// <summary>Where <paramref name="date"/> is in <paramref name="schedule"/>.</summary>
    public static DateTimeOffset Instant(CutoverSchedule schedule, CutoverDate date) => date switch
    {
        CutoverDate.AndroidFrom => schedule.AppPhases[0].Start,
        CutoverDate.IosFrom => schedule.AppPhases[1].Start,
        CutoverDate.WhiteLabelFrom => schedule.AppPhases[2].Start,
        _ => schedule.AppPhases[2].End,
    };

    private async Task<SupportActionResult> ChangeAsync(
        ClaimsPrincipal actor,
        string? reason,
        Func<CutoverSchedule, DateTimeOffset, CutoverEdit> change,
        Func<CutoverSchedule, CutoverSchedule, DateTimeOffset, (string Type, string Details, string Message)> describe,
        CancellationToken cancellationToken)
    {
        if (await CheckActorAsync(actor, reason) is { } refused)
        {
            return refused;
        }

        var support = await users.GetUserAsync(actor);
        var strategy = db.Database.CreateExecutionStrategy();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var result = await strategy.ExecuteAsync(async ct =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var now = clock.UtcNow();
                var state = await store.LoadAsync(db, ct);
                var edit = change(state.Schedule, now);
                if (edit.Schedule is not { } changed)
                {
                    return SupportActionResult.Problem(edit.Problem!);
                }

                if (!await CutoverScheduleStore.TrySaveAsync(db, state, changed, ct))
                {
                    await transaction.RollbackAsync(ct);
                    return null;
                }

                var (type, details, message) = describe(state.Schedule, changed, now);
                audit.Add(new AuditEntry(type)
                {
                    ActorId = support!.Id,
                    ActorEmail = support.Email,
                    Reason = reason!.Trim(),
                    Details = details,
                });
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                store.Invalidate();
                logger.LogInformation("Cutover schedule changed by support: {Details}", details);
                return SupportActionResult.Success(message);
            }, cancellationToken);

            if (result is not null)
            {
                return result;
            }
        }

        return SupportActionResult.Problem("The schedule was being changed by someone else at the same time. The page shows it as it is now; look again.");
    }

    private async Task<SupportActionResult?> CheckActorAsync(ClaimsPrincipal actor, string? reason)
    {
        var support = await users.GetUserAsync(actor);
        if (support is null || !await users.IsInRoleAsync(support, PortalRoles.Support))
        {
            return SupportActionResult.Problem("Only connecX support can do this.");
        }

        if (SupportActions.ReasonProblem(reason) is { } reasonProblem)
        {
            return SupportActionResult.Problem(reasonProblem);
        }

        return await stepUp.IsFreshAsync(actor) ? null : SupportActionResult.StepUpRequired();
    }

    /// <summary>The schedule as options (local times in the zone), for the start-up validator.</summary>
    private CutoverOptions Options(CutoverSchedule schedule, TimeZoneInfo zone) => new()
    {
        TimeZone = options.Value.TimeZone,
        PortalCutover = options.Value.PortalCutover,
        AndroidFrom = Local(schedule.AppPhases[0].Start, zone),
        IosFrom = Local(schedule.AppPhases[1].Start, zone),
        WhiteLabelFrom = Local(schedule.AppPhases[2].Start, zone),
        AppsFinishBy = Local(schedule.AppPhases[2].End, zone),
        JobInterval = options.Value.JobInterval,
    };

    private static void Set(CutoverOptions options, CutoverDate date, DateTime value)
    {
        switch (date)
        {
            case CutoverDate.AndroidFrom: options.AndroidFrom = value; break;
            case CutoverDate.IosFrom: options.IosFrom = value; break;
            case CutoverDate.WhiteLabelFrom: options.WhiteLabelFrom = value; break;
            default: options.AppsFinishBy = value; break;
        }
    }

    private static DateTime Local(DateTimeOffset instant, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(instant, zone).DateTime;

    private static string Duration(TimeSpan span) => span switch
    {
        { TotalDays: >= 1 } => $"{(int)span.TotalDays} days {span.Hours} hours {span.Minutes} minutes",
        { TotalHours: >= 1 } => $"{(int)span.TotalHours} hours {span.Minutes} minutes",
        _ => $"{Math.Max(0, (int)span.TotalMinutes)} minutes",
    };
}
