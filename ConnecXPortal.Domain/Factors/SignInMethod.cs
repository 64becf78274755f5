namespace ConnecXPortal.Domain.Factors;

/// <summary>How a user proved who they are for one sign-in (recorded on the session and in the audit log).</summary>
public enum SignInMethod
{
    /// <summary>Password only: allowed before the cutover, for users who have no factor yet.</summary>
    Password = 1,

    /// <summary>Password, then a code from an authenticator app.</summary>
    PasswordAndAuthenticatorApp = 2,

    /// <summary>Password, then a code sent by email.</summary>
    PasswordAndEmailCode = 3,

    /// <summary>Password, then a passkey.</summary>
    PasswordAndPasskey = 4,

    /// <summary>Password, then a single-use recovery code.</summary>
    PasswordAndRecoveryCode = 5,

    /// <summary>A user-verified passkey alone, which is multi-factor by itself.</summary>
    Passkey = 6,
}

/// <summary>Rules about sign-in methods.</summary>
public static class SignInMethods
{
    /// <summary>Whether the method verified more than one factor.</summary>
    public static bool IsMultiFactor(this SignInMethod method) => method != SignInMethod.Password;

    /// <summary>The password-then-factor method for a second factor of <paramref name="kind"/>.</summary>
    public static SignInMethod AfterPassword(FactorKind kind) => kind switch
    {
        FactorKind.AuthenticatorApp => SignInMethod.PasswordAndAuthenticatorApp,
        FactorKind.EmailCode => SignInMethod.PasswordAndEmailCode,
        FactorKind.Passkey => SignInMethod.PasswordAndPasskey,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown factor kind."),
    };

    /// <summary>How the method reads in the portal ("Password and authenticator app").</summary>
    public static string DisplayName(this SignInMethod method) => method switch
    {
        SignInMethod.Password => "Password only",
        SignInMethod.PasswordAndAuthenticatorApp => "Password and authenticator app",
        SignInMethod.PasswordAndEmailCode => "Password and email code",
        SignInMethod.PasswordAndPasskey => "Password and passkey",
        SignInMethod.PasswordAndRecoveryCode => "Password and recovery code",
        SignInMethod.Passkey => "Passkey",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown sign-in method."),
    };
}
