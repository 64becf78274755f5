namespace ConnecXPortal.Domain.Cutover;

/// <summary>
/// When multi-factor authentication becomes mandatory. Before <see cref="PortalCutover"/> MFA is optional and the
/// portal announces the date; from then on every sign-in needs a second factor.
/// </summary>
/// <param name="PortalCutover">The instant every portal session ends and MFA becomes mandatory.</param>
public sealed record CutoverSchedule(DateTimeOffset PortalCutover)
{
    /// <summary>Whether a sign-in at <paramref name="now"/> must verify a second factor.</summary>
    public bool IsMfaMandatory(DateTimeOffset now) => now >= PortalCutover;
}
