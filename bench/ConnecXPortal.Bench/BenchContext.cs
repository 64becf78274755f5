using ConnecXPortal.Bench.Hosting;
using ConnecXPortal.Bench.Reporting;
using Microsoft.Data.Sqlite;

namespace ConnecXPortal.Bench;

/// <summary>What the items of one run share: the options, the report, a temporary folder, the SendGrid stub.</summary>
public sealed class BenchContext : IAsyncDisposable
{
    private SendGridStub? sendGrid;
    private BenchPortal? signInPortal;

    public BenchContext(BenchOptions options, BenchReport report, TextWriter log)
    {
        Options = options;
        Report = report;
        Log = log;
        WorkDirectory = options.WorkDirectory ?? Path.Combine(Path.GetTempPath(), "connecx-bench", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(WorkDirectory);
    }

    public BenchOptions Options { get; }

    public BenchReport Report { get; }

    public TextWriter Log { get; }

    public string WorkDirectory { get; }

    /// <summary>Item 1's result, the baseline of item 2.</summary>
    public double? HashesPerSecond { get; set; }

    /// <summary>Item 1's CPU time per verification.</summary>
    public double HashCpuMs { get; set; } = double.NaN;

    public string DatabasePath(string name) => Path.Combine(WorkDirectory, name + ".db");

    public void Progress(string message) => Log.WriteLine($"  · {message}");

    public async Task<SendGridStub> SendGridAsync()
    {
        sendGrid ??= await SendGridStub.StartAsync(TimeSpan.FromMilliseconds(Options.SendGridLatencyMs));
        return sendGrid;
    }

    /// <summary>Starts the portal on <paramref name="databasePath"/> and notes how it is configured in the report.</summary>
    public async Task<BenchPortal> StartPortalAsync(string databasePath, Func<BenchPortalSettings, BenchPortalSettings>? configure = null)
    {
        var settings = new BenchPortalSettings { DatabasePath = databasePath, SendGridHost = (await SendGridAsync()).BaseAddress };
        var portal = BenchPortal.Start(configure is null ? settings : configure(settings));
        Report.Configured(portal.Describe());
        return portal;
    }

    /// <summary>The portal that items 1 and 2 share (the hasher of item 1 is the one its sign-ins use).</summary>
    public async Task<BenchPortal> SignInPortalAsync() => signInPortal ??= await StartPortalAsync(DatabasePath("signin"));

    public async ValueTask DisposeAsync()
    {
        if (signInPortal is not null)
        {
            await signInPortal.DisposeAsync();
        }

        if (sendGrid is not null)
        {
            await sendGrid.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        if (!Options.Keep && Options.WorkDirectory is null)
        {
            try
            {
                Directory.Delete(WorkDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by a process that is shutting down; the system's temp cleaner takes it.
            }
        }
    }
}
