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

    /// <summary>The right password was followed by several failed second factors: the owner was emailed "someone knows your password".</summary>
    public const string PasswordKnownAlert = "security.password-known-alert";

    /// <summary>A user signed out.</summary>
    public const string SignedOut = "sign-out";

    /// <summary>A second-factor step failed (wrong or expired code, passkey not accepted).</summary>
    public const string SecondFactorFailed = "sign-in.second-factor-failed";

    /// <summary>A user verified a second factor to change security settings (step-up).</summary>
    public const string StepUpVerified = "security.step-up";

    /// <summary>A factor was enrolled.</summary>
    public const string FactorAdded = "factor.added";

    /// <summary>A factor was removed by its owner.</summary>
    public const string FactorRemoved = "factor.removed";

    /// <summary>Support removed a user's factors so that they enrol again.</summary>
    public const string FactorsReset = "factor.reset";

    /// <summary>A passkey was renamed.</summary>
    public const string FactorRenamed = "factor.renamed";

    /// <summary>The default factor changed.</summary>
    public const string DefaultFactorChanged = "factor.default-changed";

    /// <summary>A new set of recovery codes was issued (the old ones stop working).</summary>
    public const string RecoveryCodesIssued = "recovery-codes.issued";

    /// <summary>A recovery code was used to sign in or verify.</summary>
    public const string RecoveryCodeUsed = "recovery-codes.used";

    /// <summary>A code was emailed for sign-in, enrolment or step-up.</summary>
    public const string EmailCodeSent = "email-code.sent";

    /// <summary>A user changed their password while signed in.</summary>
    public const string PasswordChanged = "password.changed";

    /// <summary>A forgotten-password link was requested for an account.</summary>
    public const string PasswordResetRequested = "password.reset-requested";

    /// <summary>A user set a new password through a forgotten-password link.</summary>
    public const string PasswordReset = "password.reset";

    /// <summary>A resident was invited (account created, activation email sent).</summary>
    public const string InvitationSent = "invitation.sent";

    /// <summary>An invitation's activation email was sent again with a new link.</summary>
    public const string InvitationResent = "invitation.resent";

    /// <summary>A user set their first password through an activation link.</summary>
    public const string AccountActivated = "account.activated";

    /// <summary>One or more sessions of a user ended (by the user, by support, or by a password reset).</summary>
    public const string SessionEnded = "session.ended";

    /// <summary>The cutover job applied (part of) a phase: the sessions it ended are in the details.</summary>
    public const string CutoverPhaseApplied = "cutover.phase-applied";

    /// <summary>Support paused an app phase of the cutover (it logs nobody out until resumed).</summary>
    public const string CutoverPhasePaused = "cutover.phase-paused";

    /// <summary>Support resumed a paused app phase; its remaining logouts moved later by the pause.</summary>
    public const string CutoverPhaseResumed = "cutover.phase-resumed";

    /// <summary>Support moved a date of the cutover schedule (a phase's start or the finish).</summary>
    public const string CutoverDateMoved = "cutover.date-moved";

    /// <summary>A building manager tried to reach a building they do not manage; refused.</summary>
    public const string BuildingAccessDenied = "building.access-denied";

    /// <summary>Support or a building manager queued the MFA announcement for an audience.</summary>
    public const string AnnouncementQueued = "announcement.queued";

    /// <summary>Support stopped a campaign that was sending.</summary>
    public const string AnnouncementStopped = "announcement.stopped";

    /// <summary>Support resumed a campaign, or sent it again to its failed or unconfirmed recipients.</summary>
    public const string AnnouncementResumed = "announcement.resumed";

    /// <summary>A building manager sent a resident a reminder to activate their account or set up verification.</summary>
    public const string ReminderSent = "reminder.sent";

    /// <summary>Support unlocked an account that was locked after failed attempts.</summary>
    public const string AccountUnlocked = "account.unlocked";

    /// <summary>A building manager exported residents of a building (CSV).</summary>
    public const string ResidentsExported = "residents.exported";

    /// <summary>An app presented a refresh token that had already been used: its session (the whole chain) was ended.</summary>
    public const string AppRefreshTokenReused = "app.refresh-token-reused";

    /// <summary>An app presented a refresh token issued to another installation, platform, brand or a newer app version.</summary>
    public const string AppRefreshTokenRejected = "app.refresh-token-rejected";

    /// <summary>A user without a factor entered a code emailed to their address before setting up an authenticator app or passkey.</summary>
    public const string EnrolmentEmailConfirmed = "enrolment.email-confirmed";

    /// <summary>An unfinished enrolment (wizard or app set-up) was stopped because the account's sign-in methods changed meanwhile.</summary>
    public const string EnrolmentVoided = "enrolment.voided";

    /// <summary>A building manager invited an email address that already has an account outside their buildings; they were not told.</summary>
    public const string InvitationExistingAccount = "invitation.existing-account";

    /// <summary>The retention job deleted audit events older than Retention:Audit: how many and the cutoff are in the details.</summary>
    public const string AuditEventsPurged = "audit.events-purged";
}
