using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using ConnecXPortal.Bench.Clients;
using ConnecXPortal.Bench.Data;
using ConnecXPortal.Bench.Hosting;
using ConnecXPortal.Bench.Reporting;
using ConnecXPortal.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ConnecXPortal.Bench.Items;

/// <summary>
/// Item 6: the server's memory per connected Blazor circuit. Chromium opens the signed-in home page for each of
/// <see cref="BenchOptions.Circuits"/> users (each in its own browser context) and waits for the live circuit; the
/// portal's managed heap after a full garbage collection, and its working set, are read before and after.
/// The portal runs in a child process (this program's <c>serve</c> mode, the same hosting as every other item), so
/// that the benchmark's own objects (Playwright keeps a proxy per page) are not counted as the server's.
/// </summary>
public static class CircuitMemoryBenchmark
{
    public const string ServeCommand = "serve";
    public const double TargetKb = 250;

    public static async Task<BenchItem> RunAsync(BenchContext context)
    {
        var options = context.Options;
        if (!File.Exists(options.ChromiumPath))
        {
            throw new InvalidOperationException($"Chromium was not found at {options.ChromiumPath}: install it (sudo apt-get install -y chromium) or pass --chromium PATH.");
        }

        var sendGrid = await context.SendGridAsync();
        using var playwright = await Playwright.CreateAsync();
        var launching = playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = options.ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
        await using var server = await PortalProcess.StartAsync(context.DatabasePath("memory"), options.Circuits + 1, sendGrid.BaseAddress);
        await using var chromium = await launching;
        context.Report.Configured(server.Configuration);
        context.Report.Configured(["Memory item: the portal runs in a child process (the benchmark's serve mode) so that only the server's memory is counted"]);

        var cookies = new List<IReadOnlyDictionary<string, string>>();
        using (var http = new HttpClient(BenchCertificate.PinnedHandler(server.Thumbprint)) { BaseAddress = server.Address })
        {
            for (var i = 0; i <= options.Circuits; i++)
            {
                var browser = new FormlessBrowser(http);
                await PortalSignIn.SignInAsync(browser, new SignInAccount(i, Guid.Empty, BenchPeople.SignInEmail(i), BenchPeople.AuthenticatorKey(i)), DateTimeOffset.UtcNow);
                cookies.Add(new Dictionary<string, string>(browser.Cookies));
            }
        }

        context.Progress($"signed in {cookies.Count} users in Chromium contexts");

        // One circuit first, so that what every circuit shares (compiled code, caches, the first render's statics)
        // is already in the "before" figure.
        await OpenAsync(chromium, server.Address, cookies[0]);
        var before = await server.MeasureAsync();
        HeapDump(context, server, before);
        context.Progress($"before: {before.Circuits} circuit, managed heap {before.HeapBytes / 1024.0 / 1024:0.0} MiB, working set {before.WorkingSetBytes / 1024.0 / 1024:0.0} MiB");

        using var gate = new SemaphoreSlim(4);
        await Task.WhenAll(cookies.Skip(1).Select(async jar =>
        {
            await gate.WaitAsync();
            try
            {
                await OpenAsync(chromium, server.Address, jar);
            }
            finally
            {
                gate.Release();
            }
        }));

        var after = await server.MeasureAsync();
        HeapDump(context, server, after);
        context.Progress($"after: {after.Circuits} circuits, managed heap {after.HeapBytes / 1024.0 / 1024:0.0} MiB, working set {after.WorkingSetBytes / 1024.0 / 1024:0.0} MiB");
        if (after.Circuits - before.Circuits != options.Circuits)
        {
            throw new InvalidOperationException($"Expected {options.Circuits} more circuits, but the portal has {after.Circuits} open (before: {before.Circuits}).");
        }

        var heapKb = (after.HeapBytes - before.HeapBytes) / 1024.0 / options.Circuits;
        var workingSetKb = (after.WorkingSetBytes - before.WorkingSetBytes) / 1024.0 / options.Circuits;
        var item = new BenchItem("memory", 6, "Memory per portal user");
        item.Add("managed heap per circuit", heapKb, "KB", Target.AtMost(TargetKb));
        item.Add("working set per circuit", workingSetKb, "KB");
        item.Add("circuits opened", options.Circuits, "");
        item.Add("managed heap before", before.HeapBytes / 1024.0 / 1024, "MiB");
        item.Add("managed heap after", after.HeapBytes / 1024.0 / 1024, "MiB");
        item.Add("working set before", before.WorkingSetBytes / 1024.0 / 1024, "MiB");
        item.Add("working set after", after.WorkingSetBytes / 1024.0 / 1024, "MiB");
        item.Notes.Add($"{options.Circuits} signed-in users, each in its own Chromium context on the home page (/), waited for until the layout's data-interactive=\"true\"; one warm-up circuit was open in both measurements. Managed heap: GC.GetTotalMemory after a forced, compacting full collection in the portal's process; working set: its resident memory. 1 KB = 1,024 bytes.");
        return item;
    }

    // What each circuit holds, to read with `dotnet-dump analyze <file>` (dumpheap -stat in both, then the difference):
    // how the components, JSON metadata and connection buffers in bench/README.md were found.
    private static void HeapDump(BenchContext context, PortalProcess server, Memory memory)
    {
        if (context.Options.HeapDumps is not { } directory)
        {
            return;
        }

        Directory.CreateDirectory(directory);
        var path = Path.GetFullPath(Path.Combine(directory, $"portal-{memory.Circuits}-circuits.dmp"));
        new DiagnosticsClient(server.ProcessId).WriteDump(DumpType.WithHeap, path);
        context.Progress($"heap dump with {memory.Circuits} circuits: {path}");
    }

    private static async Task OpenAsync(IBrowser chromium, Uri address, IReadOnlyDictionary<string, string> cookies)
    {
        var browserContext = await chromium.NewContextAsync(new BrowserNewContextOptions { IgnoreHTTPSErrors = true });
        await browserContext.AddCookiesAsync(cookies.Select(c => new Cookie { Name = c.Key, Value = c.Value, Url = address.ToString() }));
        var page = await browserContext.NewPageAsync();
        await page.GotoAsync(address.ToString());
        await page.Locator("[data-interactive='true']").WaitForAsync(new LocatorWaitForOptions { Timeout = 120_000 });
    }

    /// <summary>The child process: hosts the portal, seeds the accounts, then measures its own memory when asked on standard input.</summary>
    public static async Task<int> ServeAsync(string[] args)
    {
        string Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? throw new ArgumentException($"serve needs {name}.");
        var counter = new CircuitCounter();
        await using var portal = BenchPortal.Start(new BenchPortalSettings
        {
            DatabasePath = Arg("--db"),
            SendGridHost = new Uri(Arg("--sendgrid")),
            Circuits = counter,
        });
        var hasher = portal.Services.GetRequiredService<IPasswordHasher<PortalUser>>();
        BenchSeeding.AddSignInAccounts(portal.DatabasePath, int.Parse(Arg("--accounts"), CultureInfo.InvariantCulture), hasher.HashPassword(new PortalUser(), BenchPeople.Password), DateTimeOffset.UtcNow);
        foreach (var line in portal.Describe())
        {
            Console.WriteLine($"config {line}");
        }

        Console.WriteLine($"ready {portal.Address} {portal.Thumbprint}");
        while (Console.ReadLine() is { } command && command != "exit")
        {
            if (command == "measure")
            {
                var (heap, workingSet) = MeasureSelf();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"memory {heap} {workingSet} {counter.Open}"));
            }
        }

        return 0;
    }

    private static (long Heap, long WorkingSet) MeasureSelf()
    {
        for (var i = 0; i < 2; i++)
        {
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return (GC.GetTotalMemory(forceFullCollection: false), process.WorkingSet64);
    }

    public sealed record Memory(long HeapBytes, long WorkingSetBytes, int Circuits);

    /// <summary>The portal in a child process of this program, spoken to over standard input and output.</summary>
    private sealed class PortalProcess : IAsyncDisposable
    {
        private readonly Process process;

        private PortalProcess(Process process) => this.process = process;

        public Uri Address { get; private set; } = null!;

        public int ProcessId => process.Id;

        public string Thumbprint { get; private set; } = "";

        public List<string> Configuration { get; } = [];

        public static async Task<PortalProcess> StartAsync(string databasePath, int accounts, Uri sendGrid)
        {
            var self = typeof(CircuitMemoryBenchmark).Assembly.Location;
            var start = new ProcessStartInfo(DotnetHost())
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            foreach (var arg in (string[])["exec", self, ServeCommand, "--db", databasePath, "--accounts", accounts.ToString(CultureInfo.InvariantCulture), "--sendgrid", sendGrid.ToString()])
            {
                start.ArgumentList.Add(arg);
            }

            var server = new PortalProcess(Process.Start(start) ?? throw new InvalidOperationException("Could not start the portal process."));
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            while (await server.process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.StartsWith("config ", StringComparison.Ordinal))
                {
                    server.Configuration.Add(line["config ".Length..]);
                }
                else if (line.StartsWith("ready ", StringComparison.Ordinal))
                {
                    var parts = line.Split(' ');
                    server.Address = new Uri(parts[1]);
                    server.Thumbprint = parts[2];
                    return server;
                }
            }

            throw new InvalidOperationException($"The portal process ended before it was ready (exit code {(server.process.HasExited ? server.process.ExitCode : -1)}).");
        }

        public async Task<Memory> MeasureAsync()
        {
            await process.StandardInput.WriteLineAsync("measure");
            await process.StandardInput.FlushAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.StartsWith("memory ", StringComparison.Ordinal))
                {
                    var parts = line.Split(' ');
                    return new Memory(long.Parse(parts[1], CultureInfo.InvariantCulture), long.Parse(parts[2], CultureInfo.InvariantCulture), int.Parse(parts[3], CultureInfo.InvariantCulture));
                }
            }

            throw new InvalidOperationException("The portal process ended while measuring.");
        }

        public async ValueTask DisposeAsync()
        {
            if (!process.HasExited)
            {
                await process.StandardInput.WriteLineAsync("exit");
                await process.StandardInput.FlushAsync();
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                try
                {
                    await process.WaitForExitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                }
            }

            process.Dispose();
        }

        private static string DotnetHost() =>
            Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
            : "dotnet";
    }
}
