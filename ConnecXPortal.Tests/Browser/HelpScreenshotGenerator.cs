using ConnecXPortal.Tests.Browser.Pages;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Features.Help;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ConnecXPortal.Tests.Browser;

/// <summary>
/// Runs only when asked (<c>scripts/help-screenshots.sh</c>, or CONNECX_HELP_SCREENSHOTS=1): it rewrites the committed
/// screenshots, so the normal test run must never do it.
/// </summary>
public sealed class HelpScreenshotFactAttribute : FactAttribute
{
    public const string EnvironmentVariable = "CONNECX_HELP_SCREENSHOTS";

    public HelpScreenshotFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) != "1")
        {
            Skip = $"Makes the help screenshots; run scripts/help-screenshots.sh (or set {EnvironmentVariable}=1).";
        }
        else if (!BrowserEnvironment.ChromiumAvailable)
        {
            Skip = BrowserEnvironment.InstallHint;
        }
    }
}

/// <summary>The portal a week before the cutover: MFA is still optional, so the demo resident signs in with a password.</summary>
public sealed class HelpScreenshotPortal : PortalAppFactory
{
    protected override DateTimeOffset StartTime => new(2024, 8, 14, 9, 0, 0, TimeSpan.FromHours(10));
}

/// <summary>
/// Signs in to the real portal and captures the screenshots the help articles show into wwwroot-assets/help.
/// A page that does not exist yet (the forgotten-password page until it is built) is skipped and reported;
/// re-running after it lands adds its screenshot, and the article shows it from then on.
/// </summary>
[Trait("Category", "HelpScreenshots")]
public sealed class HelpScreenshotGenerator(BrowserFixture browser, HelpScreenshotPortal app, ITestOutputHelper output)
    : BrowserTest(browser, app), IClassFixture<HelpScreenshotPortal>
{
    private static readonly Shot[] Shots =
    [
        new(HelpScreenshots.SignIn, SignInAsync),
        new(HelpScreenshots.Home, HomeAsync),
        new(HelpScreenshots.ForgottenPassword, ForgottenPasswordAsync),
    ];

    /// <summary>Every screenshot this generator knows how to make.</summary>
    public static IReadOnlyList<string> Captures => [.. Shots.Select(s => s.File)];

    [HelpScreenshotFact]
    public async Task CaptureHelpScreenshots()
    {
        var folder = Path.Combine(RepositoryRoot(), "wwwroot-assets", HelpScreenshotFiles.Folder);
        Directory.CreateDirectory(folder);
        var captured = new List<string>();
        foreach (var shot in Shots)
        {
            var page = await NewPageAsync();
            await page.SetViewportSizeAsync(1100, 760);
            var path = Path.Combine(folder, shot.File);
            if (await shot.CaptureAsync(page, path))
            {
                captured.Add(shot.File);
                output.WriteLine($"Captured {path}");
            }
            else
            {
                output.WriteLine($"Skipped {shot.File}: its page does not exist yet.");
            }
        }

        captured.Should().Contain([HelpScreenshots.SignIn, HelpScreenshots.Home]);
    }

    private static async Task<bool> SignInAsync(IPage page, string path)
    {
        var signIn = new SignInPageObject(page);
        await signIn.GotoAsync();
        await signIn.Email.FillAsync(DemoAccounts.Resident);
        await page.SetViewportSizeAsync(1100, 560);
        await CaptureAsync(page, path);
        return true;
    }

    private static async Task<bool> HomeAsync(IPage page, string path)
    {
        var signIn = new SignInPageObject(page);
        await signIn.GotoAsync();
        await signIn.SignInAsync(DemoAccounts.Resident, DemoAccounts.Password);
        var shell = new PortalShell(page);
        await Expect(shell.Heading).ToHaveTextAsync("Welcome, Olivia");
        await shell.WaitForInteractiveAsync();
        await CaptureAsync(page, path);
        return true;
    }

    private static async Task<bool> ForgottenPasswordAsync(IPage page, string path)
    {
        await new SignInPageObject(page).GotoAsync();
        var link = page.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("forgot", System.Text.RegularExpressions.RegexOptions.IgnoreCase) });
        if (await link.CountAsync() == 0)
        {
            return false;
        }

        await link.First.ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.SetViewportSizeAsync(1100, 560);
        await CaptureAsync(page, path);
        return true;
    }

    /// <summary>A PNG of the viewport, without the focus ring that navigation leaves on the heading.</summary>
    private static async Task CaptureAsync(IPage page, string path)
    {
        await page.EvaluateAsync("() => document.activeElement instanceof HTMLElement && document.activeElement.blur()");
        await page.ScreenshotAsync(new() { Path = path, Type = ScreenshotType.Png });
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ConnecXPortal.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (with ConnecXPortal.sln) was not found above " + AppContext.BaseDirectory);
    }

    private sealed record Shot(string File, Func<IPage, string, Task<bool>> CaptureAsync);
}
