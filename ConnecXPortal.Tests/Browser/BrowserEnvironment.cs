namespace ConnecXPortal.Tests.Browser;

/// <summary>Where Chromium is, and what to do when it is not there.</summary>
public static class BrowserEnvironment
{
    public const string InstallHint =
        "Chromium was not found at /usr/bin/chromium (or CHROMIUM_PATH). Install it with: sudo apt-get install -y chromium";

    public static string ChromiumPath { get; } =
        Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static bool ChromiumAvailable => File.Exists(ChromiumPath);

    /// <summary>CI must run the browser tests; elsewhere a missing browser skips them with the install hint.</summary>
    public static bool IsCi => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));
}

/// <summary>
/// A browser test: skipped with the install hint when Chromium is missing, unless CI is set, in which case it runs
/// and fails with the same hint.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (!BrowserEnvironment.ChromiumAvailable && !BrowserEnvironment.IsCi)
        {
            Skip = BrowserEnvironment.InstallHint;
        }
    }
}
