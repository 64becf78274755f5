using System.Diagnostics;
using System.Net;
using System.Reflection;
using System.Security.Cryptography.X509Certificates;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Announcements;
using ConnecXPortal.Web.Features.Cutover;
using ConnecXPortal.Web.Features.EmailLinks;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ConnecXPortal.Bench.Hosting;

/// <summary>What a benchmark needs from the portal it hosts.</summary>
public sealed record BenchPortalSettings
{
    /// <summary>The SQLite file (a fresh one in the benchmark's temporary folder, never the demo database).</summary>
    public required string DatabasePath { get; init; }

    /// <summary>Where the portal's SendGrid client sends (a <see cref="SendGridStub"/>).</summary>
    public required Uri SendGridHost { get; init; }

    /// <summary>A clock to use instead of the system's (the cutover needs "just after 6 pm on 21 August 2024").</summary>
    public TimeProvider? Clock { get; init; }

    /// <summary>False removes the cutover job's loop, so that the benchmark decides when the runner runs.</summary>
    public bool CutoverJob { get; init; } = true;

    /// <summary>
    /// The retention job (Retention:Enabled); off unless an item asks, because its run at start would land inside
    /// other items' measurements. The retention item calls its RetentionRunner itself.
    /// </summary>
    public bool RetentionJob { get; init; }

    /// <summary>False removes the announcement sender's loop, so that the benchmark calls the campaign runner itself.</summary>
    public bool AnnouncementSender { get; init; } = true;

    /// <summary>Counts the Blazor circuits the portal has open.</summary>
    public CircuitCounter? Circuits { get; init; }
}

/// <summary>
/// The real portal (its own Program: AddPortal, MapPortal) on Kestrel over HTTPS at 127.0.0.1 on a free port, with
/// Production settings: the Production environment, logging at Warning, SendGrid as the email provider (pointed at
/// a local stub), the database a fresh SQLite file.
/// </summary>
public sealed class BenchPortal : WebApplicationFactory<Program>
{
    private readonly BenchPortalSettings settings;

    private BenchPortal(BenchPortalSettings settings)
    {
        this.settings = settings;
        Certificate = BenchCertificate.Create();
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(Certificate)));
    }

    public X509Certificate2 Certificate { get; }

    public string Thumbprint => Certificate.GetCertHashString();

    public string DatabasePath => settings.DatabasePath;

    /// <summary>For example https://127.0.0.1:40123/.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>The build of the portal's assembly, which is what the figures describe.</summary>
    public static string PortalBuild =>
        typeof(Program).Assembly.GetCustomAttribute<DebuggableAttribute>()?.IsJITOptimizerDisabled == true ? "Debug" : "Release";

    public static BenchPortal Start(BenchPortalSettings settings)
    {
        var portal = new BenchPortal(settings);
        portal.StartServer();
        var address = portal.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        portal.Address = new Uri(address.EndsWith('/') ? address : address + "/");
        return portal;
    }

    /// <summary>What this portal runs with, for the benchmark's output.</summary>
    public IReadOnlyList<string> Describe()
    {
        var lines = new List<string>
        {
            $"Portal: ConnecXPortal.Web ({PortalBuild} build), environment Production, in-process on Kestrel, HTTPS at 127.0.0.1 on a free port (HTTP/1.1 and HTTP/2, Kestrel's default: the benchmark's HTTP clients use HTTP/1.1, Chromium HTTP/2)",
            "Logging: Warning and above, to standard error",
            "Database: SQLite (WAL) in a fresh file in the benchmark's temporary folder",
            "Email: the real SendGrid client, pointed at a local stub that answers 202 Accepted",
            $"Garbage collector: {(System.Runtime.GCSettings.IsServerGC ? "Server" : "Workstation")}, concurrent",
        };
        if (settings.Clock is not null)
        {
            lines.Add($"Clock: fixed at {settings.Clock.GetUtcNow():u} (the cutover needs that evening)");
        }

        if (!settings.CutoverJob)
        {
            lines.Add("Cutover job loop: removed; the benchmark calls its CutoverRunner");
        }

        if (!settings.RetentionJob)
        {
            lines.Add("Retention job: off; the retention item calls its RetentionRunner");
        }

        if (!settings.AnnouncementSender)
        {
            lines.Add("Announcement sender loop: removed; the benchmark calls its CampaignRunner");
        }

        return lines;
    }

    /// <summary>An HTTP client for the portal that trusts its certificate, follows no redirects and keeps no cookies.</summary>
    public HttpClient CreateRawClient() => new(BenchCertificate.PinnedHandler(Thumbprint)) { BaseAddress = Address };

    public PortalDbContext CreateDbContext() =>
        Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContext();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");

        // blazor.web.js and the other framework files come from the build output's static web assets manifest, as
        // a published portal serves them from wwwroot.
        builder.UseStaticWebAssets();
        builder.UseSetting("ConnectionStrings:Portal", $"Data Source={settings.DatabasePath}");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("Database:MigrateAtStartup", "true");
        builder.UseSetting("DemoData:Enabled", "false");
        builder.UseSetting("Portal:PublicBaseUrl", "https://portal.bench.connecx.example");
        builder.UseSetting("Retention:Enabled", settings.RetentionJob ? "true" : "false");
        builder.UseSetting("Email:Provider", "SendGrid");
        builder.UseSetting("Email:SendGrid:ApiKey", "SG.benchmark-key");
        builder.UseSetting("Email:SendGrid:Host", settings.SendGridHost.ToString());
        // What Production insists on being told: the host names it answers (the benchmark calls 127.0.0.1), and that
        // its throwaway databases' Data Protection keys may stay unencrypted.
        builder.UseSetting("AllowedHosts", "127.0.0.1;localhost");
        builder.UseSetting("DataProtection:AllowUnencryptedKeys", "true");
        // Every benchmark client calls from 127.0.0.1, where residents would come from many addresses: the per-address
        // limits (RateLimits) would refuse them within seconds. The per-account limits stay as configured.
        foreach (var limit in new[] { "SignIn", "SecondFactor", "EmailCodes", "AccountLinks", "PasskeyOptions", "AccountEmails", "AppRefresh" })
        {
            builder.UseSetting($"RateLimits:{limit}:PerAddress", "1000000");
        }

        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore.HttpLogging.HttpLoggingMiddleware", "Warning");

        builder.ConfigureLogging(logging =>
        {
            logging.ClearProviders();
            logging.AddSimpleConsole(o => o.SingleLine = true);
            logging.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            logging.SetMinimumLevel(LogLevel.Warning);
        });

        builder.ConfigureTestServices(services =>
        {
            if (settings.Clock is { } clock)
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton(clock);
            }

            if (!settings.CutoverJob)
            {
                RemoveHostedService<CutoverJob>(services);
            }

            if (!settings.AnnouncementSender)
            {
                RemoveHostedService<AnnouncementSender>(services);
            }

            if (settings.Circuits is { } circuits)
            {
                services.AddSingleton(circuits);
                services.TryAddEnumerable(ServiceDescriptor.Scoped<CircuitHandler, CountingCircuitHandler>());
            }
        });
    }

    private static void RemoveHostedService<T>(IServiceCollection services)
    {
        foreach (var descriptor in services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(T)).ToList())
        {
            services.Remove(descriptor);
        }
    }
}

/// <summary>How many Blazor circuits the portal has open right now.</summary>
public sealed class CircuitCounter
{
    private int open;

    public int Open => Volatile.Read(ref open);

    internal void Opened() => Interlocked.Increment(ref open);

    internal void Closed() => Interlocked.Decrement(ref open);
}

internal sealed class CountingCircuitHandler(CircuitCounter counter) : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        counter.Opened();
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        counter.Closed();
        return Task.CompletedTask;
    }
}
