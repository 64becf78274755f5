using ConnecXPortal.Domain.Sessions;

namespace ConnecXPortal.Web.Features.Sessions;

/// <summary>
/// Why someone landed on the sign-in page, as a code in the query string and a sentence on the page. Here with the
/// sessions because most codes say why a session ended, and every feature that ends one sends its user there.
/// </summary>
public static class SignInMessages
{
    public const string SignedOut = "signed-out";
    public const string SignInExpired = "sign-in-expired";
    public const string MfaCutover = "mfa-cutover";
    public const string Idle = "idle";
    public const string Expired = "expired";
    public const string EndedByYou = "ended-by-you";
    public const string EndedBySupport = "ended-by-support";
    public const string PasswordReset = "password-reset";
    public const string PasswordChanged = "password-changed";
    public const string SessionEnded = "session-ended";
    public const string FactorsChanged = "factors-changed";
    public const string SetupVoid = "setup-void";

    /// <summary>
    /// The one answer to a failed password step, whatever the cause: unknown email, no password yet, wrong password, or
    /// any password while the account is locked. It tells a person who is locked out what is happening (with the
    /// lockout email) without telling anyone whether the password was right.
    /// </summary>
    public const string WrongCredentials = "The email or password is not right. Check them and try again. " +
        "After 5 unsuccessful attempts we lock the account for 15 minutes to protect it, and email its owner.";

    public static string? For(string? reason) => reason switch
    {
        SignedOut => "You have signed out.",
        SignInExpired => "Your sign-in took too long and has expired. Sign in again to continue.",
        MfaCutover => "connecX now requires multi-factor authentication. Sign in to continue.",
        Idle => "You were signed out because connecX was not used for a while. Sign in to continue.",
        Expired => "Your session reached its time limit and has ended. Sign in to continue.",
        EndedByYou => "This session was ended from Devices and sessions. Sign in to continue.",
        EndedBySupport => "connecX support ended your session. Sign in to continue, or contact support if you did not expect this.",
        PasswordReset => "Your password was reset, so you were signed out everywhere. Sign in with your new password.",
        PasswordChanged => "Your password was changed in another session, so this one ended. Sign in with your new password.",
        SessionEnded => "Your session has ended. Sign in to continue.",
        FactorsChanged => "The sign-in methods of your account changed in another session, so this one ended. Sign in to continue.",
        SetupVoid => "This set-up is no longer valid: sign in again. The sign-in methods of the account changed while it was open.",
        _ => null,
    };

    /// <summary>The message code for a session that ended for <paramref name="reason"/>.</summary>
    public static string ForSessionEnd(SessionEndReason? reason) => reason switch
    {
        SessionEndReason.SignedOut => SignedOut,
        SessionEndReason.MfaCutover => MfaCutover,
        SessionEndReason.IdleTimeout => Idle,
        SessionEndReason.Expired => Expired,
        SessionEndReason.EndedByUser => EndedByYou,
        SessionEndReason.EndedBySupport => EndedBySupport,
        SessionEndReason.PasswordReset => PasswordReset,
        SessionEndReason.PasswordChanged => PasswordChanged,
        SessionEndReason.FactorsChanged => FactorsChanged,
        _ => SessionEnded,
    };
}
