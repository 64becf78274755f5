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

/// <summary>A screenshot of the portal in wwwroot-assets/help (made by the screenshot generator, see the README).</summary>
public sealed record HelpScreenshot(string File, string Alt);

/// <summary>The screenshots the generator captures; articles refer to them by these names.</summary>
public static class HelpScreenshots
{
    /// <summary>The sign-in page, with the demo resident's email typed in.</summary>
    public const string SignIn = "portal-sign-in.png";

    /// <summary>A resident's home page after signing in.</summary>
    public const string Home = "portal-home.png";

    /// <summary>The forgotten-password request page (captured once the page exists).</summary>
    public const string ForgottenPassword = "portal-forgotten-password.png";

    /// <summary>Every screenshot name, for the generator and the tests.</summary>
    public static IReadOnlyList<string> All { get; } = [SignIn, Home, ForgottenPassword];
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
