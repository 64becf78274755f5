using ConnecXPortal.Domain.Sessions;

namespace ConnecXPortal.Domain.Cutover;

/// <summary>
/// One client's cutover. Every session of <see cref="Client"/> created before <see cref="Start"/> ends. The portal's
/// phase ends them all at <see cref="Start"/> (its <see cref="End"/> is the same instant). An app phase spreads the
/// logouts across [<see cref="Start"/>, <see cref="End"/>): each user has a fixed position (see
/// <see cref="CutoverSpread"/>) and is logged out at the instant that position maps to, so that users do not all
/// come back at the same minute. Sessions created from <see cref="Start"/> on were signed in under mandatory MFA and
/// are left alone.
/// </summary>
/// <param name="Client">The client whose sessions this phase ends.</param>
/// <param name="Start">The phase's start: sessions created before it end.</param>
/// <param name="End">The end of the window the logouts are spread across (equal to <paramref name="Start"/> for no spread).</param>
public sealed record CutoverPhase(SessionClient Client, DateTimeOffset Start, DateTimeOffset End)
{
    /// <summary>The window the logouts are spread across (zero for the portal).</summary>
    public TimeSpan Window => End - Start;

    /// <summary>
    /// Where position 0 of the spread sits (before pauses); <see cref="Start"/> unless the end of the window moved while
    /// the phase ran, when the positions still to come are spread from now to the new end (see <see cref="WithEnd"/>).
    /// </summary>
    public DateTimeOffset? SpreadFrom { get; init; }

    /// <summary>How long the phase has been paused, over its pauses that have ended: every later logout moves by this much.</summary>
    public TimeSpan PausedFor { get; init; }

    /// <summary>When the current pause began; null while the phase is not paused.</summary>
    public DateTimeOffset? PausedAt { get; init; }

    /// <summary>Whether the phase is paused: no logout happens until it is resumed.</summary>
    public bool IsPaused => PausedAt is not null;

    /// <summary>The phase's name as support sees it ("Android app").</summary>
    public string DisplayName => Client.DisplayName();

    private DateTimeOffset Origin => SpreadFrom ?? Start;

    /// <summary>
    /// When users at spread position <paramref name="position"/> are logged out while the phase runs: their place in
    /// the spread, moved later by <see cref="PausedFor"/>. While the phase is paused, a position whose instant is after
    /// <see cref="PausedAt"/> is not logged out until it is resumed (see <see cref="IsReached"/>).
    /// </summary>
    public DateTimeOffset LogoutInstant(int position)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(position, CutoverSpread.Resolution);
        var window = (Int128)(End - Origin).Ticks;
        return Origin.AddTicks((long)(window * position / CutoverSpread.Resolution)) + PausedFor;
    }

    /// <summary>When <paramref name="userId"/>'s sessions of this client (created before <see cref="Start"/>) end.</summary>
    public DateTimeOffset LogoutInstantFor(Guid userId) => LogoutInstant(CutoverSpread.PositionOf(userId));

    /// <summary>Whether a logout at <paramref name="instant"/> happens: it is not after the current pause began.</summary>
    public bool IsReached(DateTimeOffset instant) => PausedAt is not { } pausedAt || instant <= pausedAt;

    /// <summary>
    /// The phase's own clock at <paramref name="now"/>: wall time less the time spent paused, standing still during a
    /// pause. Positions are due against it, which is why a pause delays every later logout by exactly its length.
    /// </summary>
    public DateTimeOffset PhaseTime(DateTimeOffset now) => (PausedAt is { } pausedAt && pausedAt < now ? pausedAt : now) - PausedFor;

    /// <summary>
    /// How many spread positions are due at <paramref name="now"/>: positions 0 up to (not including) the result have
    /// reached their logout instant. 0 before the phase starts, <see cref="CutoverSpread.Resolution"/> from the end
    /// of its window (moved by its pauses) on, or from its start for the portal. It does not grow while paused.
    /// </summary>
    public int PositionsDueAt(DateTimeOffset now)
    {
        if (now < Start)
        {
            return 0;
        }

        var at = PhaseTime(now);
        if (at >= End)
        {
            return CutoverSpread.Resolution;
        }

        if (at < Origin)
        {
            return 0;
        }

        // Position p is due when Origin + floor(W * p / R) <= at, i.e. when p < (elapsed + 1) * R / W.
        var elapsed = (Int128)(at - Origin).Ticks;
        var window = (Int128)(End - Origin).Ticks;
        var due = (((elapsed + 1) * CutoverSpread.Resolution) + window - 1) / window;
        return (int)Int128.Min(due, CutoverSpread.Resolution);
    }

    /// <summary>When the last logout happens if the phase is not paused again (a paused phase: if it were resumed at <paramref name="now"/>).</summary>
    public DateTimeOffset FinishesAt(DateTimeOffset now) => End + PausedFor + (PausedAt is { } pausedAt && pausedAt < now ? now - pausedAt : TimeSpan.Zero);

    /// <summary>Whether the phase has started at <paramref name="now"/>.</summary>
    public bool HasStarted(DateTimeOffset now) => now >= Start;

    /// <summary>Whether every position is due at <paramref name="now"/>.</summary>
    public bool IsDueInFull(DateTimeOffset now) => PositionsDueAt(now) == CutoverSpread.Resolution;

    /// <summary>The phase paused at <paramref name="now"/>.</summary>
    public CutoverPhase PausedAtInstant(DateTimeOffset now) => this with { PausedAt = now };

    /// <summary>The phase resumed at <paramref name="now"/>: the pause's length is added to <see cref="PausedFor"/>.</summary>
    public CutoverPhase ResumedAt(DateTimeOffset now) =>
        PausedAt is { } pausedAt ? this with { PausedAt = null, PausedFor = PausedFor + (now > pausedAt ? now - pausedAt : TimeSpan.Zero) } : this;

    /// <summary>
    /// The phase with its window ending at <paramref name="end"/> instead, as seen at <paramref name="now"/>. Before it
    /// starts that simply changes the window. While it runs, the positions due stay due and the ones still to come are
    /// spread from now to the new end, in the same order (the spread's origin moves, see <see cref="SpreadFrom"/>),
    /// so that nobody is logged out twice and the rest do not all come due at once.
    /// </summary>
    public CutoverPhase WithEnd(DateTimeOffset end, DateTimeOffset now)
    {
        var due = PositionsDueAt(now);
        if (due == 0 || due == CutoverSpread.Resolution)
        {
            return this with { End = end };
        }

        // Origin O such that position `due` comes just after the phase's clock c: O + (end - O) * due / R = c + 1 tick.
        const int r = CutoverSpread.Resolution;
        var c = (Int128)PhaseTime(now).UtcTicks + 1;
        var e = (Int128)end.UtcTicks;
        var origin = ((c * r) - (e * due) + (r - due) - 1) / (r - due);
        var moved = this with { End = end, SpreadFrom = new DateTimeOffset((long)origin, TimeSpan.Zero) };

        // Integer rounding can leave the count one off either way; a tick or two puts it back exactly.
        for (var step = 0; step < 8 && moved.PositionsDueAt(now) != due; step++)
        {
            var shift = moved.PositionsDueAt(now) > due ? 1 : -1;
            moved = moved with { SpreadFrom = moved.SpreadFrom!.Value.AddTicks(shift) };
        }

        return moved;
    }
}
