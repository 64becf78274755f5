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

    /// <summary>The phase's name as support sees it ("Android app").</summary>
    public string DisplayName => Client.DisplayName();

    /// <summary>When users at spread position <paramref name="position"/> are logged out.</summary>
    public DateTimeOffset LogoutInstant(int position)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(position, CutoverSpread.Resolution);
        return Start.AddTicks((long)((Int128)Window.Ticks * position / CutoverSpread.Resolution));
    }

    /// <summary>When <paramref name="userId"/>'s sessions of this client (created before <see cref="Start"/>) end.</summary>
    public DateTimeOffset LogoutInstantFor(Guid userId) => LogoutInstant(CutoverSpread.PositionOf(userId));

    /// <summary>
    /// How many spread positions are due at <paramref name="now"/>: positions 0 up to (not including) the result have
    /// reached their logout instant. 0 before the phase starts, <see cref="CutoverSpread.Resolution"/> from the end
    /// of its window on (or from its start, for the portal).
    /// </summary>
    public int PositionsDueAt(DateTimeOffset now)
    {
        if (now < Start)
        {
            return 0;
        }

        if (now >= End)
        {
            return CutoverSpread.Resolution;
        }

        // Position p is due when Start + floor(Window * p / R) <= now, i.e. when p < (elapsed + 1) * R / Window.
        var elapsed = (Int128)(now - Start).Ticks;
        var window = (Int128)Window.Ticks;
        var due = (((elapsed + 1) * CutoverSpread.Resolution) + window - 1) / window;
        return (int)Int128.Min(due, CutoverSpread.Resolution);
    }

    /// <summary>Whether the phase has started at <paramref name="now"/>.</summary>
    public bool HasStarted(DateTimeOffset now) => now >= Start;

    /// <summary>Whether every position is due at <paramref name="now"/>.</summary>
    public bool IsDueInFull(DateTimeOffset now) => PositionsDueAt(now) == CutoverSpread.Resolution;
}
