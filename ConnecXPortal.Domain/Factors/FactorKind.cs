namespace ConnecXPortal.Domain.Factors;

/// <summary>The kinds of second factor a user can enrol.</summary>
public enum FactorKind
{
    /// <summary>A time-based one-time password (RFC 6238) from an authenticator app.</summary>
    AuthenticatorApp = 1,

    /// <summary>A WebAuthn passkey (platform or roaming authenticator, user verification required).</summary>
    Passkey = 2,

    /// <summary>A one-time code sent to the account's email address.</summary>
    EmailCode = 3,
}

/// <summary>Display names for factor kinds, as residents see them.</summary>
public static class FactorKindNames
{
    /// <summary>The name shown to users for <paramref name="kind"/>.</summary>
    public static string DisplayName(this FactorKind kind) => kind switch
    {
        FactorKind.AuthenticatorApp => "Authenticator app",
        FactorKind.Passkey => "Passkey",
        FactorKind.EmailCode => "Email code",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown factor kind."),
    };
}
