namespace ConnecXPortal.Web.Features.SignIn;

/// <summary>Why someone landed on the sign-in page, as a code in the query string and a sentence on the page.</summary>
public static class SignInMessages
{
    public const string SignedOut = "signed-out";

    public static string? For(string? reason) => reason switch
    {
        SignedOut => "You have signed out.",
        _ => null,
    };
}
