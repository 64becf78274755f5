using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ConnecXPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ConnecXPortal.Tests.Integration;

public sealed class StartupConfigurationTests
{
    [Fact]
    public async Task RootAppSettings_AreLoaded_BeneathEveryOtherSource()
    {
        await using var app = new PortalAppFactory();

        var configuration = app.Services.GetRequiredService<IConfiguration>();

        configuration["Database:DataDirectory"].Should().Be("data", "it is only set in the root appsettings.json");
        configuration["Portal:TimeZone"].Should().Be("Australia/Sydney");
        configuration["Email:Provider"].Should().Be("Outbox", "the test's own setting beats the root file's SendGrid");
    }

    [Fact]
    public async Task Production_WithoutASendGridKey_RefusesToStart()
    {
        await using var app = Production().WithSetting("Email:SendGrid:ApiKey", "");

        var failure = await app.StartFailureAsync();

        failure.Should().BeAssignableTo<OptionsValidationException>().Which.Message.Should().Match("*Email:SendGrid:ApiKey is required*");
    }

    [Fact]
    public async Task Production_WithTheOutbox_RefusesToStart()
    {
        await using var app = Production().WithSetting("Email:Provider", "Outbox");

        var failure = await app.StartFailureAsync();

        failure.Should().BeAssignableTo<OptionsValidationException>().Which.Message.Should().Match("*Email:Provider must be SendGrid in Production*");
    }

    [Fact]
    public async Task Production_WithoutAPublicBaseUrl_RefusesToStart()
    {
        await using var app = Production().WithSetting("Portal:PublicBaseUrl", "");

        var failure = await app.StartFailureAsync();

        failure.Should().BeAssignableTo<OptionsValidationException>().Which.Message.Should().Match("*Portal:PublicBaseUrl is required in Production*");
    }

    [Fact]
    public async Task UnknownTimeZone_RefusesToStart_NamingTheKey()
    {
        await using var app = new PortalAppFactory();
        app.WithSetting("Portal:TimeZone", "Mars/Olympus_Mons");

        var failure = await app.StartFailureAsync();

        failure.Should().BeAssignableTo<OptionsValidationException>().Which.Message.Should().Match("*Portal:TimeZone*");
    }

    [Fact]
    public async Task SqlServerProvider_WithoutAConnectionString_RefusesToStart_NamingTheKey()
    {
        await using var app = new PortalAppFactory();
        app.WithSetting("Database:Provider", "SqlServer").WithSetting("ConnectionStrings:Portal", "");

        var failure = await app.StartFailureAsync();

        failure.Should().BeAssignableTo<InvalidOperationException>().Which.Message.Should().Match("*ConnectionStrings:Portal*");
    }

    [Fact]
    public async Task Production_HidesTheDevelopmentOutbox()
    {
        await using var app = Production();
        using var client = app.CreatePortalClient();

        var response = await client.GetAsync("/dev/outbox");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task WithAKeyCertificate_TheDataProtectionKeysAreStoredEncrypted_AndStillWork()
    {
        var pfx = Path.Combine(Path.GetTempPath(), $"cx-keys-{Guid.NewGuid():N}.pfx");
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=connecX Portal keys", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "pfx-password"));
        }

        try
        {
            await using var app = new PortalAppFactory();
            app.WithSetting("DataProtection:CertificatePath", pfx).WithSetting("DataProtection:CertificatePassword", "pfx-password");
            using var client = await app.SignedInClientAsync(DemoAccounts.Manager);

            (await client.Http.GetAsync("/")).StatusCode.Should().Be(HttpStatusCode.OK, "the cookie, protected by an encrypted key, still reads");
            await using var db = app.CreateDbContext();
            var keys = await db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync();
            keys.Should().NotBeEmpty().And.OnlyContain(xml => xml.Contains("EncryptedData") && !xml.Contains("unencrypted form"));
        }
        finally
        {
            File.Delete(pfx);
        }
    }

    [Fact]
    public async Task AKeyCertificateThatCannotBeRead_RefusesToStart_NamingTheKey()
    {
        await using var app = new PortalAppFactory();
        app.WithSetting("DataProtection:CertificatePath", "/no/such/keys.pfx");

        var failure = await app.StartFailureAsync();

        failure.Should().BeAssignableTo<InvalidOperationException>().Which.Message.Should().Match("*DataProtection:CertificatePath '/no/such/keys.pfx' could not be read*");
    }

    [Fact]
    public async Task WithoutAKeyCertificate_KeysAreStoredAsTheyAre()
    {
        await using var app = new PortalAppFactory();
        using var client = app.CreatePortalClient();
        (await client.Http.GetAsync("/account/sign-in")).StatusCode.Should().Be(HttpStatusCode.OK);

        await using var db = app.CreateDbContext();
        (await db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync()).Should().NotBeEmpty().And.OnlyContain(xml => !xml.Contains("EncryptedData"));
    }

    private static PortalAppFactory Production()
    {
        var app = new PortalAppFactory { EnvironmentName = "Production" };
        app.WithSetting("Email:Provider", "SendGrid")
            .WithSetting("Email:SendGrid:ApiKey", "SG.production-test")
            .WithSetting("Portal:PublicBaseUrl", "https://portal.connecx.example")
            .WithSetting("DemoData:Enabled", "false");
        return app;
    }
}
