namespace ConnecXPortal.Web.Hosting;

/// <summary>
/// The connecX brand files (the repository's wwwroot-assets folder, copied next to the binaries): served under
/// /brand and used by the emails.
/// </summary>
public sealed class BrandAssets
{
    public const string RequestPath = "/brand";

    public BrandAssets()
    {
        Directory = Path.Combine(AppContext.BaseDirectory, "wwwroot-assets");
        if (!System.IO.Directory.Exists(Directory))
        {
            throw new InvalidOperationException($"The brand assets were not found at {Directory}; build the web project to copy them.");
        }

        EmailLayout = File.ReadAllText(Path.Combine(Directory, "email", "layout.html"));
    }

    public string Directory { get; }

    public string EmailLayout { get; }
}
