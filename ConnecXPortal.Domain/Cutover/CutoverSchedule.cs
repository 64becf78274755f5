using ConnecXPortal.Domain.Sessions;

namespace ConnecXPortal.Domain.Cutover;

/// <summary>
/// When multi-factor authentication becomes mandatory, and when each client's existing sessions end. Before
/// <see cref="PortalCutover"/> MFA is optional and the portal announces the date; from then on every sign-in needs a
/// second factor and every portal session created before it ends. The apps follow in phases, Android, then iOS, then
/// white-label, each spread across its own window (see <see cref="CutoverPhase"/>).
/// </summary>
/// <param name="PortalCutover">The instant every portal session ends and MFA becomes mandatory.</param>
public sealed record CutoverSchedule(DateTimeOffset PortalCutover)
{
    /// <summary>The full schedule: the portal cutover, then the app phases, each window ending where the next begins.</summary>
    /// <param name="portalCutover">When every portal session ends and MFA becomes mandatory.</param>
    /// <param name="androidFrom">When the Android phase starts.</param>
    /// <param name="iosFrom">When the iOS phase starts (and the Android phase's window ends).</param>
    /// <param name="whiteLabelFrom">When the white-label phase starts (and the iOS phase's window ends).</param>
    /// <param name="appsFinishBy">When the white-label phase's window ends: every app logout has happened by then.</param>
    /// <exception cref="ArgumentException">The instants are not in that order.</exception>
    public CutoverSchedule(
        DateTimeOffset portalCutover,
        DateTimeOffset androidFrom,
        DateTimeOffset iosFrom,
        DateTimeOffset whiteLabelFrom,
        DateTimeOffset appsFinishBy)
        : this(portalCutover)
    {
        if (androidFrom < portalCutover || iosFrom <= androidFrom || whiteLabelFrom <= iosFrom || appsFinishBy <= whiteLabelFrom)
        {
            throw new ArgumentException(
                "The cutover runs in order: the portal cutover, then Android, iOS and white-label phases, each window not empty, then the finish.");
        }

        AppPhases =
        [
            new CutoverPhase(SessionClient.Android, androidFrom, iosFrom),
            new CutoverPhase(SessionClient.Ios, iosFrom, whiteLabelFrom),
            new CutoverPhase(SessionClient.WhiteLabel, whiteLabelFrom, appsFinishBy),
        ];
    }

    /// <summary>The schedule with its app phases as given (their pauses and moved windows included).</summary>
    /// <param name="portalCutover">When every portal session ends and MFA becomes mandatory.</param>
    /// <param name="appPhases">Android, iOS and white-label, in that order, each window ending where the next starts.</param>
    /// <exception cref="ArgumentException">The phases are not the three app phases in order.</exception>
    public CutoverSchedule(DateTimeOffset portalCutover, IReadOnlyList<CutoverPhase> appPhases)
        : this(portalCutover, appPhases[0].Start, appPhases[1].Start, appPhases[2].Start, appPhases[2].End)
    {
        if (appPhases.Count != 3
            || appPhases[0].Client != SessionClient.Android || appPhases[1].Client != SessionClient.Ios || appPhases[2].Client != SessionClient.WhiteLabel
            || appPhases[0].End != appPhases[1].Start || appPhases[1].End != appPhases[2].Start)
        {
            throw new ArgumentException("The app phases are Android, iOS and white-label, each window ending where the next starts.", nameof(appPhases));
        }

        AppPhases = [.. appPhases];
    }

    /// <summary>The app phases in order (Android, iOS, white-label); empty when only the portal cutover is known.</summary>
    public IReadOnlyList<CutoverPhase> AppPhases { get; } = [];

    /// <summary>The portal's phase: every portal session created before the cutover ends at the cutover.</summary>
    public CutoverPhase PortalPhase => new(SessionClient.Portal, PortalCutover, PortalCutover);

    /// <summary>Every phase in the order they run, the portal first.</summary>
    public IReadOnlyList<CutoverPhase> Phases => [PortalPhase, .. AppPhases];

    /// <summary>Whether a sign-in at <paramref name="now"/> must verify a second factor.</summary>
    public bool IsMfaMandatory(DateTimeOffset now) => now >= PortalCutover;

    /// <summary>The phase that ends sessions of <paramref name="client"/>, or null when the schedule has none for it.</summary>
    public CutoverPhase? PhaseFor(SessionClient client) => Phases.FirstOrDefault(p => p.Client == client);

    /// <summary>The planned end of the white-label window (its pauses move the last logout later, see <see cref="CutoverPhase.FinishesAt"/>).</summary>
    public DateTimeOffset? AppsFinishBy => AppPhases.Count == 0 ? null : AppPhases[^1].End;

    /// <summary>
    /// When the cutover ends a session of <paramref name="client"/> that <paramref name="userId"/> signed in to at
    /// <paramref name="createdAt"/>; null when the cutover never ends it (it was created from its phase's start on),
    /// and while the phase is paused, when its turn had not come when the pause began (it has no instant yet).
    /// </summary>
    public DateTimeOffset? LogoutInstant(SessionClient client, Guid userId, DateTimeOffset createdAt) =>
        PhaseFor(client) is { } phase && createdAt < phase.Start && phase.LogoutInstantFor(userId) is var at && phase.IsReached(at) ? at : null;

    /// <summary>
    /// Pauses <paramref name="client"/>'s phase at <paramref name="now"/>: from then on it logs nobody out until it is
    /// resumed. Only an app phase that has started and not completed can be paused (to delay one that has not
    /// started, move its start).
    /// </summary>
    public CutoverEdit Pause(SessionClient client, DateTimeOffset now)
    {
        if (AppPhase(client) is not { } phase)
        {
            return CutoverEdit.Refused("The portal cutover happens at one instant; only an app phase can be paused.");
        }

        return phase switch
        {
            { IsPaused: true } => CutoverEdit.Refused($"The {phase.DisplayName} phase is already paused."),
            _ when !phase.HasStarted(now) => CutoverEdit.Refused($"The {phase.DisplayName} phase has not started yet. To delay it, move its start."),
            _ when phase.IsDueInFull(now) => CutoverEdit.Refused($"The {phase.DisplayName} phase has completed: there is nothing left to pause."),
            _ => CutoverEdit.Done(With(phase.PausedAtInstant(now))),
        };
    }

    /// <summary>
    /// Resumes <paramref name="client"/>'s paused phase at <paramref name="now"/>: it carries on from the position it
    /// had reached, every later logout (and the phase's end) moved by the pause's length, each user keeping their place.
    /// </summary>
    public CutoverEdit Resume(SessionClient client, DateTimeOffset now) =>
        AppPhase(client) is not { } phase ? CutoverEdit.Refused("The portal cutover happens at one instant; only an app phase can be paused.")
        : !phase.IsPaused ? CutoverEdit.Refused($"The {phase.DisplayName} phase is not paused.")
        : CutoverEdit.Done(With(phase.ResumedAt(now)));

    /// <summary>
    /// Moves one of the schedule's dates to <paramref name="to"/>, seen at <paramref name="now"/>. The dates keep their
    /// order (portal cutover no later than Android, then iOS, white-label and the finish, each later than the one
    /// before) and a new date is in the future. A phase's start can move until the phase starts (after that, sessions
    /// have been ended against it; pause the phase instead); the finish can move until the white-label phase completes.
    /// Moving a start also moves the end of the phase before it: if that one is running, the users it has still to
    /// log out are spread from now to the new end (see <see cref="CutoverPhase.WithEnd"/>).
    /// </summary>
    public CutoverEdit Move(CutoverDate date, DateTimeOffset to, DateTimeOffset now)
    {
        if (AppPhases.Count == 0)
        {
            return CutoverEdit.Refused("This schedule has no app phases to move.");
        }

        if (to <= now)
        {
            return CutoverEdit.Refused("Choose a date and time in the future: a date in the past would log people out at once.");
        }

        var phases = AppPhases.ToArray();
        var index = date switch
        {
            CutoverDate.AndroidFrom => 0,
            CutoverDate.IosFrom => 1,
            CutoverDate.WhiteLabelFrom => 2,
            _ => 3,
        };

        if (index < 3)
        {
            var phase = phases[index];
            if (phase.HasStarted(now))
            {
                return CutoverEdit.Refused($"The {phase.DisplayName} phase has started, so its start can no longer move: sessions have been ended against it. Pause the phase instead.");
            }

            if (index > 0 && phases[index - 1].IsDueInFull(now))
            {
                return CutoverEdit.Refused($"The {phases[index - 1].DisplayName} phase has completed; its window can no longer change.");
            }

            phases[index] = phase with { Start = to, SpreadFrom = null };
            if (index > 0)
            {
                phases[index - 1] = phases[index - 1].WithEnd(to, now);
            }
        }
        else
        {
            var last = phases[2];
            if (last.IsDueInFull(now))
            {
                return CutoverEdit.Refused($"The {last.DisplayName} phase has completed; the finish can no longer move.");
            }

            phases[2] = last.WithEnd(to, now);
        }

        if (phases[0].Start < PortalCutover || phases[1].Start <= phases[0].Start || phases[2].Start <= phases[1].Start || phases[2].End <= phases[2].Start)
        {
            return CutoverEdit.Refused(
                "The dates must stay in order: the portal cutover, then the Android, iOS and white-label phases, then the finish, each after the one before.");
        }

        return CutoverEdit.Done(new CutoverSchedule(PortalCutover, phases));
    }

    private CutoverPhase? AppPhase(SessionClient client) => AppPhases.FirstOrDefault(p => p.Client == client);

    private CutoverSchedule With(CutoverPhase phase) =>
        new(PortalCutover, [.. AppPhases.Select(p => p.Client == phase.Client ? phase : p)]);

    /// <summary>
    /// The phase that has ended such a session by <paramref name="now"/>, or null when the session is not (yet)
    /// ended by the cutover.
    /// </summary>
    public CutoverPhase? PhaseEnding(SessionClient client, Guid userId, DateTimeOffset createdAt, DateTimeOffset now) =>
        LogoutInstant(client, userId, createdAt) is { } at && at <= now ? PhaseFor(client) : null;
}

/// <summary>The dates of the schedule that support can move.</summary>
public enum CutoverDate
{
    /// <summary>The Android phase's start.</summary>
    AndroidFrom = 1,

    /// <summary>The iOS phase's start (and the Android window's end).</summary>
    IosFrom = 2,

    /// <summary>The white-label phase's start (and the iOS window's end).</summary>
    WhiteLabelFrom = 3,

    /// <summary>The white-label window's end: every app logout has happened by then.</summary>
    AppsFinishBy = 4,
}

/// <summary>The result of a change to the schedule: the new schedule, or why it was refused.</summary>
/// <param name="Schedule">The schedule after the change; null when refused.</param>
/// <param name="Problem">Why the change was refused, in a sentence for support; null when done.</param>
public sealed record CutoverEdit(CutoverSchedule? Schedule, string? Problem)
{
    /// <summary>The change was made.</summary>
    public static CutoverEdit Done(CutoverSchedule schedule) => new(schedule, null);

    /// <summary>The change was refused.</summary>
    public static CutoverEdit Refused(string problem) => new(null, problem);
}
