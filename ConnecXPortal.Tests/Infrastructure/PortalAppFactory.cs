using System.Net;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.EmailLinks;
using ConnecXPortal.Web.Features.Notifications;
using ConnecXPortal.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace ConnecXPortal.Tests.Infrastructure;

/// <summary>
/// The real portal on Kestrel (127.0.0.1, a free port) with its own temporary SQLite database, the demo data,
/// a <see cref="FakeTimeProvider"/> and every email captured. One instance per test class (IClassFixture).
/// </summary>
public class PortalAppFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    /// <summary>The instant the fake clock starts at unless a subclass says otherwise: after every cutover phase.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2024, 10, 1, 9, 0, 0, TimeSpan.FromHours(10));

    /// <summary>The limit every rate limit gets unless a test sets its own (see Features/Throttling).</summary>
    public const string GenerousLimit = "1000000";

    private readonly string directory = Path.Combine(Path.GetTempPath(), "connecx-tests", Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, string?> settings = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<Action<IServiceCollection>> serviceOverrides = [];

    public PortalAppFactory()
    {
        Directory.CreateDirectory(directory);
        DatabasePath = Path.Combine(directory, "portal.db");
        Clock = new FakeTimeProvider(StartTime);
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>
    /// A second portal instance on <paramref name="sharing"/>'s database file (and so its Data Protection keys, which
    /// live in the database), as two instances behind a load balancer are. The first one owns and deletes the files.
    /// </summary>
    protected PortalAppFactory(PortalAppFactory sharing)
        : this()
    {
        DatabasePath = sharing.DatabasePath;
    }

    public FakeTimeProvider Clock { get; }

    public CapturedEmails Emails { get; } = new();

    public string DatabasePath { get; }

    /// <summary>Where the running server listens, for example http://127.0.0.1:40123/.</summary>
    public Uri ServerAddress
    {
        get
        {
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Uri(address.EndsWith('/') ? address : address + "/");
        }
    }

    protected virtual DateTimeOffset StartTime => DefaultStart;

    /// <summary>The hosting environment; Development unless a test sets it before the server starts.</summary>
    public string EnvironmentName { get; set; } = "Development";

    /// <summary>Sets a configuration value before the server starts (later calls are ignored once it runs).</summary>
    public PortalAppFactory WithSetting(string key, string? value)
    {
        settings[key] = value;
        return this;
    }

    /// <summary>Replaces services before the server starts.</summary>
    public PortalAppFactory WithServices(Action<IServiceCollection> configure)
    {
        serviceOverrides.Add(configure);
        return this;
    }

    public Task InitializeAsync()
    {
        StartServer();
        return Task.CompletedTask;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        TryDeleteDirectory();
    }

    public PortalClient CreatePortalClient(System.Net.CookieContainer? cookies = null) => new(ServerAddress, cookies);

    /// <summary>A fresh DbContext on the portal's database, for arranging and checking data.</summary>
    public PortalDbContext CreateDbContext() =>
        Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContext();

    /// <summary>Runs <paramref name="action"/> with a service scope of the running portal.</summary>
    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public async Task WithScopeAsync(Func<IServiceProvider, Task> action)
    {
        await using var scope = Services.CreateAsyncScope();
        await action(scope.ServiceProvider);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        foreach (var (key, value) in Settings())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureTestServices(ConfigureTestServices);
    }

    /// <summary>
    /// Starts the portal as Program does, with this factory's settings and test services but without
    /// WebApplicationFactory, and returns the exception that stopped it (null when it started, then stops it). For the
    /// tests of a refused start: WebApplicationFactory's deferred host can report a failed start as an
    /// ObjectDisposedException when the app's own thread has already disposed the host (a race a loaded machine wins),
    /// hiding the message those tests check.
    /// </summary>
    public async Task<Exception?> StartFailureAsync()
    {
        try
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions
            {
                EnvironmentName = EnvironmentName,
                ApplicationName = typeof(Program).Assembly.GetName().Name,
                ContentRootPath = AppContext.BaseDirectory,
            });
            builder.Configuration.AddInMemoryCollection(Settings());
            builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.AddPortal();
            ConfigureTestServices(builder.Services);
            await using var app = builder.Build();
            app.MapPortal();
            await app.StartAsync();
            await app.StopAsync();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    private List<KeyValuePair<string, string?>> Settings()
    {
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["ConnectionStrings:Portal"] = $"Data Source={DatabasePath}",
            ["DemoData:Enabled"] = "true",
            ["Email:Provider"] = "Outbox",
            ["Portal:PublicBaseUrl"] = "",

            // Every test calls from 127.0.0.1, far faster than people, and many tests use one account: the limits
            // would trip across tests. The throttle tests set their own small limits.
            ["RateLimits:SignIn:PerAccount"] = GenerousLimit,
            ["RateLimits:SignIn:PerAddress"] = GenerousLimit,
            ["RateLimits:SecondFactor:PerAccount"] = GenerousLimit,
            ["RateLimits:SecondFactor:PerAddress"] = GenerousLimit,
            ["RateLimits:EmailCodes:PerAccount"] = GenerousLimit,
            ["RateLimits:EmailCodes:PerAddress"] = GenerousLimit,
            ["RateLimits:AccountLinks:PerAccount"] = GenerousLimit,
            ["RateLimits:AccountLinks:PerAddress"] = GenerousLimit,
            ["RateLimits:PasskeyOptions:PerAccount"] = GenerousLimit,
            ["RateLimits:PasskeyOptions:PerAddress"] = GenerousLimit,
            ["RateLimits:AccountEmails:PerAddress"] = GenerousLimit,
            ["RateLimits:AccountEmails:PerRecipient"] = "100",
            ["RateLimits:Invitations:PerInviter"] = GenerousLimit,
            ["RateLimits:AppRefresh:PerAddress"] = GenerousLimit,

            // The retention job would delete rows other tests arrange in the past; its tests turn it on.
            ["Retention:Enabled"] = "false",

            // The white-label brand the test apps send.
            ["AppApi:Brands:0"] = "Acme Living",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return [.. all];
    }

    private void ConfigureTestServices(IServiceCollection services)
    {
        services.RemoveAll<TimeProvider>();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton(Emails);
        services.Decorate<IPortalEmailSender>((inner, _) => new CapturingEmailSender(inner, Emails));
        foreach (var configure in serviceOverrides)
        {
            configure(services);
        }
    }

    private void TryDeleteDirectory()
    {
        try
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow shutdown; the OS temp cleaner takes it.
        }
    }
}
