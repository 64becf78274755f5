using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ConnecXPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ConnecXPortal.Tests.Integration.Hosting;

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
    public async Task Production_WithTheLeastItAccepts_Starts()
    {
        await using var app = Production();

        (await app.StartFailureAsync()).Should().BeNull("every other refusal test changes one setting of this configuration");
    }

    [Fact]
    public async Task Production_WithDemoData_RefusesToStart_NamingTheKey()
    {
        await using var app = Production().WithSetting("DemoData:Enabled", "true");

        var failure = await app.StartFailureAsync();

        failure.Should().BeAssignableTo<OptionsValidationException>().Which.Message.Should().Match("*DemoData:Enabled must be false in Production*");
    }

    [Theory]
    [InlineData("*")]
    [InlineData("")]
    [InlineData("portal.connecx.example;*")]
    public async Task Production_AllowingAnyHost_RefusesToStart_NamingTheKey(string allowedHosts)
    {
        await using var app = Production().WithSetting("AllowedHosts", allowedHosts);

        var failure = await app.StartFailureAsync();

        failure.Should().BeAssignableTo<OptionsValidationException>().Which.Message.Should().Match("*AllowedHosts must list the portal's host names in Production*");
    }

    [Fact]
    public async Task Production_AnswersOnlyTheAllowedHosts()
    {
        await using var app = Production();
        using var http = new HttpClient { BaseAddress = app.ServerAddress };
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/account/sign-in") { Headers = { Host = "attacker.example" } };

        (await http.SendAsync(forged)).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await http.GetAsync("/account/sign-in")).StatusCode.Should().Be(HttpStatusCode.OK, "127.0.0.1 is one of its AllowedHosts");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("false")]
    public async Task Production_WithoutAKeyCertificate_RefusesToStart_NamingTheKeys(string? allowUnencrypted)
    {
        await using var app = Production().WithSetting("DataProtection:AllowUnencryptedKeys", allowUnencrypted);

        var failure = await app.StartFailureAsync();

        failure.Should().BeAssignableTo<InvalidOperationException>().Which.Message.Should()
            .Match("*DataProtection:CertificatePath is required in Production*DataProtection:AllowUnencryptedKeys=true*");
    }

    [Fact]
    public async Task Production_WithAKeyCertificate_StartsWithoutAllowingUnencryptedKeys()
    {
        var pfx = await NewKeyCertificateAsync();
        try
        {
            await using var app = Production().WithSetting("DataProtection:AllowUnencryptedKeys", null)
                .WithSetting("DataProtection:CertificatePath", pfx).WithSetting("DataProtection:CertificatePassword", "pfx-password");

            (await app.StartFailureAsync()).Should().BeNull();
        }
        finally
        {
            File.Delete(pfx);
        }
    }

    [Fact]
    public async Task WithAPublicBaseUrl_PasskeysUseItsHostAndOrigin_NeverTheRequestHost()
    {
        await using var app = new PortalAppFactory();
        app.WithSetting("Portal:PublicBaseUrl", "https://portal.connecx.example/");
        using var client = app.CreatePortalClient();
        var page = await client.GetAsync("/account/sign-in");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/passkey/request-options?for=sign-in")
        {
            Headers = { { "RequestVerificationToken", page.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value") } },
        };

        var response = await client.Http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        json.RootElement.GetProperty("rpId").GetString().Should().Be("portal.connecx.example", "the request came to 127.0.0.1");
        var passkeys = app.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Identity.IdentityPasskeyOptions>>().Value;
        passkeys.ServerDomain.Should().Be("portal.connecx.example");
        (await ValidOrigin(passkeys, "https://portal.connecx.example", crossOrigin: false)).Should().BeTrue();
        (await ValidOrigin(passkeys, app.ServerAddress.GetLeftPart(UriPartial.Authority), crossOrigin: false)).Should().BeFalse("the server's own address is not the public one");
        (await ValidOrigin(passkeys, "http://portal.connecx.example", crossOrigin: false)).Should().BeFalse();
        (await ValidOrigin(passkeys, "https://portal.connecx.example.attacker.example", crossOrigin: false)).Should().BeFalse();
        (await ValidOrigin(passkeys, "https://portal.connecx.example", crossOrigin: true)).Should().BeFalse("no framing site may run the ceremony");
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
        var pfx = await NewKeyCertificateAsync();

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

    internal static PortalAppFactory Production() => ProductionPortal.Create();

    private static ValueTask<bool> ValidOrigin(Microsoft.AspNetCore.Identity.IdentityPasskeyOptions options, string origin, bool crossOrigin) =>
        options.ValidateOrigin!(new Microsoft.AspNetCore.Identity.PasskeyOriginValidationContext
        {
            HttpContext = new Microsoft.AspNetCore.Http.DefaultHttpContext(),
            Origin = origin,
            CrossOrigin = crossOrigin,
        });

    /// <summary>A self-signed PFX (password pfx-password) for encrypting the Data Protection keys; the caller deletes it.</summary>
    private static async Task<string> NewKeyCertificateAsync()
    {
        var pfx = Path.Combine(Path.GetTempPath(), $"cx-keys-{Guid.NewGuid():N}.pfx");
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=connecX Portal keys", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "pfx-password"));
        return pfx;
    }
}
