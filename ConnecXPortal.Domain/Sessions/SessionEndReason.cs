namespace ConnecXPortal.Domain.Sessions;

/// <summary>Why a session ended. The values are stored, so an existing value must never change.</summary>
public enum SessionEndReason
{
    /// <summary>The user signed out of this session.</summary>
    SignedOut = 1,

    /// <summary>The user ended this session from another one (Devices and sessions).</summary>
    EndedByUser = 2,

    /// <summary>connecX support ended the session (for example after resetting the user's factors).</summary>
    EndedBySupport = 3,

    /// <summary>The user's password was reset, which ends every session.</summary>
    PasswordReset = 4,

    /// <summary>The MFA cutover ended it: the session was created before its client's phase.</summary>
    MfaCutover = 5,

    /// <summary>A portal session had no activity for longer than the idle timeout.</summary>
    IdleTimeout = 6,

    /// <summary>The session reached its maximum lifetime (portal) or its refresh token lapsed (app).</summary>
    Expired = 7,

    /// <summary>An app presented a refresh token that had already been used: the whole chain ends.</summary>
    RefreshTokenReused = 8,

    /// <summary>The user changed their password in another session, which ends every other session.</summary>
    PasswordChanged = 9,

    /// <summary>The sign-in methods changed in another session (added, removed, recovery codes renewed): other portal sessions end.</summary>
    FactorsChanged = 10,

    /// <summary>An app session reached its absolute lifetime (a year by default), however often it was refreshed.</summary>
    AbsoluteLifetime = 11,
}

/// <summary>Names for <see cref="SessionEndReason"/>.</summary>
public static class SessionEndReasons
{
    /// <summary>How the reason reads in the portal and the audit log.</summary>
    public static string DisplayName(this SessionEndReason reason) => reason switch
    {
        SessionEndReason.SignedOut => "Signed out",
        SessionEndReason.EndedByUser => "Ended from Devices and sessions",
        SessionEndReason.EndedBySupport => "Ended by connecX support",
        SessionEndReason.PasswordReset => "Password reset",
        SessionEndReason.MfaCutover => "MFA cutover",
        SessionEndReason.IdleTimeout => "No activity for too long",
        SessionEndReason.Expired => "Expired",
        SessionEndReason.RefreshTokenReused => "Refresh token reused",
        SessionEndReason.PasswordChanged => "Password changed",
        SessionEndReason.FactorsChanged => "Sign-in methods changed",
        SessionEndReason.AbsoluteLifetime => "Reached its time limit",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Unknown session end reason."),
    };
}
