using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace ConnecXPortal.Web.Hosting;

internal static class PortalConfiguration
{
    /// <summary>
    /// Loads the repository-root appsettings.json (and appsettings.{Environment}.json), which the build copies next to
    /// the binaries, beneath every other source: environment variables, user secrets and the command line still win.
    /// </summary>
    public static void AddPortalSettings(this IConfigurationManager configuration, IHostEnvironment environment)
    {
        var provider = new PhysicalFileProvider(AppContext.BaseDirectory);
        configuration.Sources.Insert(0, Json(provider, "appsettings.json"));
        configuration.Sources.Insert(1, Json(provider, $"appsettings.{environment.EnvironmentName}.json"));
    }

    private static JsonConfigurationSource Json(IFileProvider provider, string path) => new()
    {
        FileProvider = provider,
        Path = path,
        Optional = true,
        ReloadOnChange = false,
    };
}
