using ConnecXPortal.Web.Hosting;

namespace ConnecXPortal.Web.Features.Help;

internal static class HelpRegistration
{
    public static IHostApplicationBuilder AddHelp(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<HelpCatalogue>();
        builder.Services.AddSingleton<HelpScreenshotFiles>();
        return builder;
    }
}

/// <summary>
/// Which screenshots exist in wwwroot-assets/help. An article shows a screenshot only once the generator has captured
/// it (pages still being built have none yet); re-running the generator adds them without touching the articles.
/// </summary>
public sealed class HelpScreenshotFiles(BrandAssets brand)
{
    public const string Folder = "help";

    public bool Exists(HelpScreenshot screenshot) => File.Exists(Path.Combine(brand.Directory, Folder, screenshot.File));

    public static string Url(HelpScreenshot screenshot) => $"{BrandAssets.RequestPath.TrimStart('/')}/{Folder}/{screenshot.File}";
}
