using ConnecXPortal.Tests.Browser;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Features.Help;

namespace ConnecXPortal.HelpScreenshotGenerator;

/// <summary>
/// Starts the portal and Chromium, walks the resident's journey, and checks that exactly the screenshots the articles
/// name were made. PNGs in the folder that no article names any more are deleted.
/// </summary>
internal static class HelpScreenshotRun
{
    public static async Task<int> RunAsync(string[] args)
    {
        var folder = args.Length > 0 ? Path.GetFullPath(args[0]) : Path.Combine(RepositoryRoot(), "wwwroot-assets", HelpScreenshotFiles.Folder);
        if (!BrowserEnvironment.ChromiumAvailable)
        {
            Console.Error.WriteLine(BrowserEnvironment.InstallHint);
            return 2;
        }

        Directory.CreateDirectory(folder);
        Console.WriteLine($"Capturing the help screenshots into {folder}");
        var camera = new Camera(folder);
        await using (var portal = await OwnedApp<HelpScreenshotPortal>.StartAsync(new HelpScreenshotPortal()))
        {
            var browser = new BrowserFixture();
            await browser.InitializeAsync();
            try
            {
                await new ResidentJourney(portal.App, browser.Browser, camera).RunAsync();
            }
            finally
            {
                // Closing the browser first ends its Blazor circuits while the portal still runs.
                await browser.DisposeAsync();
            }
        }

        var captured = camera.Captures.Select(c => c.File).ToHashSet();
        var missing = HelpScreenshots.All.Where(f => !captured.Contains(f)).ToList();
        var unnamed = captured.Where(f => !HelpScreenshots.All.Contains(f)).ToList();
        foreach (var stale in Directory.GetFiles(folder, "*.png").Select(Path.GetFileName).OfType<string>()
                     .Where(f => !HelpScreenshots.All.Contains(f)))
        {
            File.Delete(Path.Combine(folder, stale));
            Console.WriteLine($"  {stale,-40} deleted: no article shows it");
        }

        var total = camera.Captures.Sum(c => c.Bytes);
        Console.WriteLine($"{camera.Captures.Count} screenshots, {total / 1024.0:0} KiB in all; " +
                          $"{camera.Captures.Count(c => c.State != "unchanged")} new or changed.");
        if (missing.Count > 0 || unnamed.Count > 0)
        {
            Console.Error.WriteLine($"HelpScreenshots.All and the journey disagree. Not captured: {string.Join(", ", missing)}. " +
                                    $"Captured but not in HelpScreenshots.All: {string.Join(", ", unnamed)}.");
            return 1;
        }

        return 0;
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

        throw new InvalidOperationException("The repository root (with ConnecXPortal.sln) was not found above " + AppContext.BaseDirectory +
                                            "; give the output folder as the first argument.");
    }
}
