namespace ConnecXPortal.Domain.Factors;

/// <summary>Rules about a user's set of factors.</summary>
public static class FactorRules
{
    /// <summary>
    /// Whether one of <paramref name="factorCount"/> factors may be removed: never the last one while MFA is mandatory,
    /// because the account would then have no second factor at all.
    /// </summary>
    public static bool CanRemove(int factorCount, bool mfaMandatory) => factorCount > 1 || (!mfaMandatory && factorCount == 1);

    /// <summary>Whether a user may hold more than one factor of <paramref name="kind"/> (only passkeys: one per device).</summary>
    public static bool AllowsSeveral(FactorKind kind) => kind == FactorKind.Passkey;

    /// <summary>Whether enrolling a factor at this point should issue the first set of recovery codes.</summary>
    public static bool IssuesRecoveryCodes(int factorsBefore) => factorsBefore == 0;
}
