namespace ConnecXPortal.Domain.Audit;

/// <summary>
/// The security events the portal records. The strings are stored in the audit log,
/// so an existing value must never change.
/// </summary>
public static class AuditEventTypes
{
    /// <summary>A user signed in (all required factors verified).</summary>
    public const string SignInSucceeded = "sign-in.succeeded";

    /// <summary>A sign-in step failed (unknown account, wrong password, wrong code).</summary>
    public const string SignInFailed = "sign-in.failed";

    /// <summary>An account was locked after too many failed attempts.</summary>
    public const string AccountLockedOut = "account.locked-out";

    /// <summary>A user signed out.</summary>
    public const string SignedOut = "sign-out";

    /// <summary>One or more sessions of a user ended (by the user, by support, or by a password reset).</summary>
    public const string SessionEnded = "session.ended";

    /// <summary>The cutover job applied (part of) a phase: the sessions it ended are in the details.</summary>
    public const string CutoverPhaseApplied = "cutover.phase-applied";
}
