namespace ConnecXPortal.Domain.Audit;

/// <summary>
/// The audit log's events in plain words for the person they happened to (the security page's recent activity).
/// Events about other people or the system (a manager's export, the cutover job) are for staff only.
/// </summary>
public static class AuditEventDescriptions
{
    private static readonly Dictionary<string, string> ForOwner = new(StringComparer.Ordinal)
    {
        [AuditEventTypes.SignInSucceeded] = "You signed in",
        [AuditEventTypes.SignInFailed] = "A sign-in attempt failed",
        [AuditEventTypes.AccountLockedOut] = "Your account was locked after too many failed attempts",
        [AuditEventTypes.PasswordKnownAlert] = "Someone entered your password but could not verify it's you, so we emailed you",
        [AuditEventTypes.SignedOut] = "You signed out",
        [AuditEventTypes.SecondFactorFailed] = "A verification code or passkey was not accepted",
        [AuditEventTypes.StepUpVerified] = "You verified it's you to change your security settings",
        [AuditEventTypes.FactorAdded] = "A sign-in method was added",
        [AuditEventTypes.FactorRemoved] = "A sign-in method was removed",
        [AuditEventTypes.FactorsReset] = "connecX support reset your sign-in methods",
        [AuditEventTypes.FactorRenamed] = "A passkey was renamed",
        [AuditEventTypes.DefaultFactorChanged] = "Your default sign-in method changed",
        [AuditEventTypes.RecoveryCodesIssued] = "New recovery codes were created",
        [AuditEventTypes.RecoveryCodeUsed] = "A recovery code was used",
        [AuditEventTypes.EmailCodeSent] = "A verification code was emailed to you",
        [AuditEventTypes.PasswordChanged] = "Your password was changed",
        [AuditEventTypes.PasswordResetRequested] = "A link to reset your password was requested",
        [AuditEventTypes.PasswordReset] = "Your password was reset",
        [AuditEventTypes.InvitationSent] = "You were invited to connecX",
        [AuditEventTypes.InvitationResent] = "A new activation link was sent to you",
        [AuditEventTypes.AccountActivated] = "You activated your account",
        [AuditEventTypes.SessionEnded] = "Sessions were ended",
        [AuditEventTypes.ReminderSent] = "Your building manager sent you a reminder",
        [AuditEventTypes.AccountUnlocked] = "connecX support unlocked your account",
        [AuditEventTypes.AppRefreshTokenReused] = "An app's sign-in was used twice, so that app was signed out",
        [AuditEventTypes.AppRefreshTokenRejected] = "An app tried to use another device's sign-in and was refused",
        [AuditEventTypes.EnrolmentEmailConfirmed] = "You confirmed your email address to set up a sign-in method",
        [AuditEventTypes.EnrolmentVoided] = "An unfinished set-up of a sign-in method was stopped, because your sign-in methods changed",
    };

    private static readonly HashSet<string> StaffOnly = new(StringComparer.Ordinal)
    {
        AuditEventTypes.CutoverPhaseApplied,
        AuditEventTypes.CutoverPhasePaused,
        AuditEventTypes.CutoverPhaseResumed,
        AuditEventTypes.CutoverDateMoved,
        AuditEventTypes.BuildingAccessDenied,
        AuditEventTypes.AnnouncementQueued,
        AuditEventTypes.AnnouncementStopped,
        AuditEventTypes.AnnouncementResumed,
        AuditEventTypes.ResidentsExported,
        AuditEventTypes.InvitationExistingAccount,
        AuditEventTypes.AuditEventsPurged,
    };

    /// <summary>The event types an account's owner sees in their recent activity.</summary>
    public static IReadOnlyCollection<string> OwnerVisibleTypes => ForOwner.Keys;

    /// <summary>The event types only staff see (they are not about one account's security).</summary>
    public static IReadOnlyCollection<string> StaffOnlyTypes => StaffOnly;

    /// <summary>What happened, as the account's owner reads it; null for a type they are not shown.</summary>
    /// <param name="type">One of <see cref="AuditEventTypes"/>.</param>
    /// <param name="bySomeoneElse">Someone else did it to their account (support removing a method).</param>
    public static string? ForAccountOwner(string type, bool bySomeoneElse = false) =>
        bySomeoneElse && type == AuditEventTypes.FactorRemoved ? "connecX support removed a sign-in method" : ForOwner.GetValueOrDefault(type);
}
