namespace ConnecXPortal.Tests.Infrastructure;

/// <summary>
/// The portal in Production with the least configuration Production accepts: SendGrid with a key, a public address,
/// no demo data, the host names it answers to (the test server's 127.0.0.1 among them), and Data Protection keys
/// deliberately left unencrypted (no certificate on the test machine). Tests of a refused start change one of them.
/// </summary>
public static class ProductionPortal
{
    public const string PublicBaseUrl = "https://portal.connecx.example";

    public static PortalAppFactory Create()
    {
        var app = new PortalAppFactory { EnvironmentName = "Production" };
        app.WithSetting("Email:Provider", "SendGrid")
            .WithSetting("Email:SendGrid:ApiKey", "SG.production-test")
            .WithSetting("Portal:PublicBaseUrl", PublicBaseUrl)
            .WithSetting("DemoData:Enabled", "false")
            .WithSetting("AllowedHosts", "portal.connecx.example;127.0.0.1")
            .WithSetting("DataProtection:AllowUnencryptedKeys", "true");
        return app;
    }
}
