using ConnecXPortal.Domain.Sessions;

namespace ConnecXPortal.Web.Features.Cutover;

/// <summary>
/// How far the cutover job has applied one client's phase: spread positions [0, <see cref="AppliedThrough"/>) are
/// done. One row per client, seeded by the migration. An instance claims the next range with a conditional UPDATE on
/// <see cref="AppliedThrough"/>, so with several portal instances exactly one applies each range.
/// </summary>
public sealed class CutoverPhaseProgress
{
    public SessionClient Client { get; set; }

    /// <summary>Positions below this have been applied (0 to <see cref="ConnecXPortal.Domain.Cutover.CutoverSpread.Resolution"/>).</summary>
    public int AppliedThrough { get; set; }

    public DateTimeOffset? FirstRunAt { get; set; }

    public DateTimeOffset? LastRunAt { get; set; }

    /// <summary>When the last position was applied: the phase is complete.</summary>
    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>Sessions ended by this phase, over all its runs.</summary>
    public int SessionsEnded { get; set; }

    /// <summary>Support moved the phase's start here (null: as configured).</summary>
    public DateTimeOffset? StartsAt { get; set; }

    /// <summary>Support moved the end of the phase's window here (white-label only: the finish; null as configured).</summary>
    public DateTimeOffset? EndsAt { get; set; }

    /// <summary>The spread's origin after the window's end moved while the phase ran (see CutoverPhase.SpreadFrom).</summary>
    public DateTimeOffset? SpreadFrom { get; set; }

    /// <summary>When support paused the phase; null while it runs.</summary>
    public DateTimeOffset? PausedAt { get; set; }

    /// <summary>How long the phase has been paused over its ended pauses.</summary>
    public TimeSpan PausedFor { get; set; }

    /// <summary>
    /// Goes up with every change to the phase's schedule (pause, resume, move). Every change and every claim of a range
    /// is a conditional UPDATE on it, so a change made meanwhile by another support user or instance is never overwritten
    /// and a range is never applied against a schedule that has just changed.
    /// </summary>
    public int Version { get; set; }
}

/// <summary>
/// One application of (part of) a phase: which spread positions it covered, when, by which instance, and how many
/// sessions it ended. Append-only; the rows of a phase cover [0, AppliedThrough) without gaps or overlaps.
/// </summary>
public sealed class CutoverRun
{
    public long Id { get; set; }

    public SessionClient Client { get; set; }

    public int FromPosition { get; set; }

    /// <summary>Exclusive.</summary>
    public int ToPosition { get; set; }

    /// <summary>When the last position of the range was due.</summary>
    public DateTimeOffset DueAt { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset FinishedAt { get; set; }

    public int SessionsEnded { get; set; }

    /// <summary>The portal instance that ran it (machine and process).</summary>
    public string Instance { get; set; } = "";
}
