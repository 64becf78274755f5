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

    /// <summary>
    /// When the cutover ends a session of <paramref name="client"/> that <paramref name="userId"/> signed in to at
    /// <paramref name="createdAt"/>; null when the cutover never ends it (it was created from its phase's start on).
    /// </summary>
    public DateTimeOffset? LogoutInstant(SessionClient client, Guid userId, DateTimeOffset createdAt) =>
        PhaseFor(client) is { } phase && createdAt < phase.Start ? phase.LogoutInstantFor(userId) : null;

    /// <summary>
    /// The phase that has ended such a session by <paramref name="now"/>, or null when the session is not (yet)
    /// ended by the cutover.
    /// </summary>
    public CutoverPhase? PhaseEnding(SessionClient client, Guid userId, DateTimeOffset createdAt, DateTimeOffset now) =>
        LogoutInstant(client, userId, createdAt) is { } at && at <= now ? PhaseFor(client) : null;
}
