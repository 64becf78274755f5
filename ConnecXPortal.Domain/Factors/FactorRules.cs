namespace ConnecXPortal.Domain.Factors;

/// <summary>What follows a right password, in the portal and the apps alike.</summary>
public enum AfterPasswordStep
{
    /// <summary>The user has a factor: verify it (before the cutover too).</summary>
    VerifySecondFactor = 1,

    /// <summary>The user has no factor and MFA is mandatory: set one up before anything else.</summary>
    Enrol = 2,

    /// <summary>The user has no factor and MFA is still optional: signed in with the password alone.</summary>
    SignedIn = 3,
}

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

    /// <summary>
    /// What a user with <paramref name="factorCount"/> factors does after the right password: a user with a factor is
    /// always challenged for one; a user without one sets one up once MFA is mandatory, and before then is signed in.
    /// </summary>
    public static AfterPasswordStep AfterPassword(int factorCount, bool mfaMandatory) => factorCount switch
    {
        > 0 => AfterPasswordStep.VerifySecondFactor,
        _ when mfaMandatory => AfterPasswordStep.Enrol,
        _ => AfterPasswordStep.SignedIn,
    };

    /// <summary>
    /// Whether enrolling <paramref name="kind"/> needs a code emailed to the account's verified address first. An account
    /// without a factor has only its password, which may have leaked: whoever enrols the first authenticator app or
    /// passkey must also hold the mailbox. Choosing email codes proves the mailbox by itself, and so does the activation
    /// link the user just followed; an account that has a factor proves itself with it (step-up) instead.
    /// </summary>
    public static bool NeedsMailboxProof(int factorCount, FactorKind kind, bool mailboxProved) =>
        factorCount == 0 && kind != FactorKind.EmailCode && !mailboxProved;

    /// <summary>
    /// Whether an enrolment attempt (a half-finished wizard) is void: the account has a factor the attempt did not add,
    /// so someone else (the owner elsewhere, or another attempt) enrolled meanwhile and this attempt must not finish.
    /// </summary>
    public static bool IsAttemptVoid(IEnumerable<Guid> accountFactorIds, IReadOnlyCollection<Guid> addedByAttempt)
    {
        ArgumentNullException.ThrowIfNull(accountFactorIds);
        ArgumentNullException.ThrowIfNull(addedByAttempt);
        return accountFactorIds.Any(id => !addedByAttempt.Contains(id));
    }
}
