namespace ConnecXPortal.Web.Features.Help;

/// <summary>
/// Where the help articles live. Pages, emails and the wizard link to these constants, never to typed paths, so an
/// article can be renamed in one place.
/// </summary>
public static class HelpRoutes
{
    public const string Index = "/help";

    /// <summary>"Portal: log in as a first-time user": activation, the wizard, recovery codes. The wizard links here.</summary>
    public const string PortalFirstTimeUser = "/help/" + HelpSlugs.PortalFirstTimeUser;

    /// <summary>"Portal: log in as an existing user": the sign-out at the cutover, choosing a method, the challenge.</summary>
    public const string PortalExistingUser = "/help/" + HelpSlugs.PortalExistingUser;

    public const string AppFirstTimeUser = "/help/" + HelpSlugs.AppFirstTimeUser;

    public const string AppExistingUser = "/help/" + HelpSlugs.AppExistingUser;

    public const string ForgottenPassword = "/help/" + HelpSlugs.ForgottenPassword;

    public const string LostFactor = "/help/" + HelpSlugs.LostFactor;

    /// <summary>Every article's title and path, in the order residents read them.</summary>
    public static IReadOnlyList<HelpLink> Articles { get; } =
    [
        new("Portal: log in as a first-time user", PortalFirstTimeUser),
        new("Portal: log in as an existing user", PortalExistingUser),
        new("App: log in as a first-time user", AppFirstTimeUser),
        new("App: log in as an existing user", AppExistingUser),
        new("Forgotten password", ForgottenPassword),
        new("Lost your phone or security key", LostFactor),
    ];

    public static string TitleOf(string path) => Articles.Single(a => a.Path == path).Title;
}

public sealed record HelpLink(string Title, string Path);

public static class HelpSlugs
{
    public const string PortalFirstTimeUser = "portal-first-time-user";
    public const string PortalExistingUser = "portal-existing-user";
    public const string AppFirstTimeUser = "app-first-time-user";
    public const string AppExistingUser = "app-existing-user";
    public const string ForgottenPassword = "forgotten-password";
    public const string LostFactor = "lost-phone-or-security-key";
}
