namespace ConnecXPortal.Web.Hosting;

/// <summary>The sign-in feature's addresses, which the router, the cookie handlers and every feature link to.</summary>
public static class SignInPaths
{
    public const string SignIn = "/account/sign-in";
    public const string SignOut = "/account/sign-out";
    public const string AccessDenied = "/account/access-denied";
    public const string LockedOut = "/account/locked-out";
}
