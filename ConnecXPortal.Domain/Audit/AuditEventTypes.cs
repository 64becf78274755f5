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

    /// <summary>A building manager tried to reach a building they do not manage; refused.</summary>
    public const string BuildingAccessDenied = "building.access-denied";

    /// <summary>Support or a building manager queued the MFA announcement for an audience.</summary>
    public const string AnnouncementQueued = "announcement.queued";

    /// <summary>Support stopped a campaign that was sending.</summary>
    public const string AnnouncementStopped = "announcement.stopped";

    /// <summary>Support resumed a campaign, or sent it again to its failed or unconfirmed recipients.</summary>
    public const string AnnouncementResumed = "announcement.resumed";
}
