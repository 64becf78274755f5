using ConnecXPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace ConnecXPortal.HelpScreenshotGenerator;

/// <summary>
/// The portal the screenshots are taken of: its own throwaway database with the demo data, the clock stopped half an
/// hour after the portal cutover (so every sign-in asks for a second factor, as the articles describe) and the
/// Staging environment, so that no development-only menu entry appears in a picture residents see.
/// </summary>
internal sealed class HelpScreenshotPortal : PortalAppFactory
{
    /// <summary>6:30 pm in Sydney on 21 August 2024: the evening everyone is signed out of the portal.</summary>
    public static readonly DateTimeOffset Start = new(2024, 8, 21, 18, 30, 0, TimeSpan.FromHours(10));

    public HelpScreenshotPortal()
    {
        EnvironmentName = "Staging";
    }

    protected override DateTimeOffset StartTime => Start;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);

        // Outside Development the framework's static files (Blazor, MudBlazor) are only found in a published app.
        builder.UseStaticWebAssets();

        // Staging warns about HTTPS and key storage, which do not matter for a throwaway portal on localhost.
        builder.UseSetting("Logging:LogLevel:Default", "Error");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Error");
    }

    /// <summary>The server's address as localhost: WebAuthn (passkeys) needs a domain, not an IP address.</summary>
    public Uri LocalhostAddress => new UriBuilder(ServerAddress) { Host = "localhost" }.Uri;

    /// <summary>A link from an email, pointed at <see cref="LocalhostAddress"/>.</summary>
    public string OnLocalhost(Uri link) => new Uri(LocalhostAddress, link.PathAndQuery).ToString();
}
