namespace ConnecXPortal.Web.Features.Help;

/// <summary>A help article: numbered steps in sections, written for residents.</summary>
public sealed record HelpArticle(string Slug, string Title, string Summary, HelpTopic Topic, IReadOnlyList<HelpSection> Sections)
{
    public string Path => $"{HelpRoutes.Index}/{Slug}";
}

public enum HelpTopic
{
    Portal,
    App,
    Account,
}

/// <param name="Ordered">Steps to follow in order (a numbered list), or points to know (a bulleted list).</param>
public sealed record HelpSection(string Heading, IReadOnlyList<HelpStep> Steps, bool Ordered = true, string? Intro = null);

/// <summary>One step. Text may mark the words on a button or link with **…**, shown in bold.</summary>
public sealed record HelpStep(string Text, HelpScreenshot? Screenshot = null, HelpLink? Link = null);

/// <summary>
/// A screenshot of the portal in wwwroot-assets/help (made by ConnecXPortal.HelpScreenshots, see the Help README).
/// </summary>
/// <param name="Alt">What the picture shows, for people who cannot see it.</param>
/// <param name="Caption">Shown under the picture, when it needs a word of explanation.</param>
public sealed record HelpScreenshot(string File, string Alt, string? Caption = null);

/// <summary>The screenshots the generator captures; articles refer to them by these names.</summary>
public static class HelpScreenshots
{
    /// <summary>The sign-in page with the resident's email typed in.</summary>
    public const string SignIn = "portal-sign-in.png";

    /// <summary>The activation page from the invitation link, with a new password typed in.</summary>
    public const string Activate = "portal-activate.png";

    /// <summary>The wizard's first step: choose a method.</summary>
    public const string SetupChoose = "portal-setup-choose.png";

    /// <summary>The wizard's authenticator app step: QR code, key and code box (a sample key, never a live one).</summary>
    public const string SetupAuthenticator = "portal-setup-authenticator.png";

    /// <summary>The wizard's passkey step.</summary>
    public const string SetupPasskey = "portal-setup-passkey.png";

    /// <summary>The wizard's email code step.</summary>
    public const string SetupEmail = "portal-setup-email.png";

    /// <summary>The wizard's recovery codes step (sample codes, never live ones).</summary>
    public const string SetupRecoveryCodes = "portal-setup-recovery-codes.png";

    /// <summary>The wizard's last step: "You're all set".</summary>
    public const string SetupDone = "portal-setup-done.png";

    /// <summary>A resident's home page after signing in, with the menu.</summary>
    public const string Home = "portal-home.png";

    /// <summary>The second-factor challenge with the default method, an authenticator app.</summary>
    public const string Verify = "portal-verify.png";

    /// <summary>The challenge after "Use another method": the resident's other methods and a recovery code.</summary>
    public const string VerifyOtherMethods = "portal-verify-other-methods.png";

    /// <summary>The challenge with a passkey.</summary>
    public const string VerifyPasskey = "portal-verify-passkey.png";

    /// <summary>The challenge with an email code just sent.</summary>
    public const string VerifyEmail = "portal-verify-email.png";

    /// <summary>The challenge with a recovery code.</summary>
    public const string VerifyRecoveryCode = "portal-verify-recovery-code.png";

    /// <summary>The forgotten-password page with the email typed in.</summary>
    public const string ForgotPassword = "portal-forgot-password.png";

    /// <summary>The forgotten-password page after sending the link.</summary>
    public const string ForgotPasswordSent = "portal-forgot-password-sent.png";

    /// <summary>The page the reset link opens: choose a new password.</summary>
    public const string ResetPassword = "portal-reset-password.png";

    /// <summary>The security page with three sign-in methods, recovery codes and password.</summary>
    public const string Security = "portal-security.png";

    /// <summary>Adding a sign-in method from the security page.</summary>
    public const string SecurityAddMethod = "portal-security-add-method.png";

    /// <summary>New recovery codes from the security page (sample codes).</summary>
    public const string SecurityRecoveryCodes = "portal-security-recovery-codes.png";

    /// <summary>Devices and sessions: this browser, the app, and a session that ended.</summary>
    public const string Devices = "portal-devices.png";

    /// <summary>Every screenshot name, for the generator and the tests.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        SignIn, Activate, SetupChoose, SetupAuthenticator, SetupPasskey, SetupEmail, SetupRecoveryCodes, SetupDone, Home,
        Verify, VerifyOtherMethods, VerifyPasskey, VerifyEmail, VerifyRecoveryCode, ForgotPassword, ForgotPasswordSent,
        ResetPassword, Security, SecurityAddMethod, SecurityRecoveryCodes, Devices,
    ];
}

/// <summary>Splits step text into plain and bold (the words of a button or link) runs.</summary>
public static class HelpText
{
    public static IEnumerable<(string Text, bool Strong)> Runs(string text)
    {
        var parts = text.Split("**");
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i].Length > 0)
            {
                yield return (parts[i], i % 2 == 1);
            }
        }
    }
}
