namespace ConnecXPortal.Web.Features.SignIn;

/// <summary>Why someone landed on the sign-in page, as a code in the query string and a sentence on the page.</summary>
public static class SignInMessages
{
    public const string SignedOut = "signed-out";
    public const string Expired = "expired";
    public const string PasswordReset = "password-reset";

    public static string? For(string? reason) => reason switch
    {
        SignedOut => "You have signed out.",
        Expired => "Your sign-in took too long and has expired. Sign in again to continue.",
        PasswordReset => "Your password has been changed. Sign in with your new password.",
        _ => null,
    };
}
