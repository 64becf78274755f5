using System.Globalization;

namespace ConnecXPortal.Bench;

/// <summary>The command line: which items to run and at what sizes (the defaults are the sizes the targets are set for).</summary>
public sealed class BenchOptions
{
    public static readonly string[] AllItems = ["hashing", "signin", "cutover", "dashboard", "announcement", "memory", "retention"];

    public List<string> Items { get; } = [];

    public double HashWarmupSeconds { get; set; } = 2;

    public double HashSeconds { get; set; } = 10;

    /// <summary>Concurrent sign-in clients; 0 means twice the cores.</summary>
    public int Clients { get; set; }

    /// <summary>Accounts to sign in with; 0 means enough that none signs in twice in one 30-second TOTP step.</summary>
    public int SignInUsers { get; set; }

    public double SignInWarmupSeconds { get; set; } = 5;

    public double SignInSeconds { get; set; } = 30;

    public int Sessions { get; set; } = 1_000_000;

    public int CutoverRepeat { get; set; } = 3;

    public int Residents { get; set; } = 100_000;

    public int Buildings { get; set; } = 500;

    public int DashboardSamples { get; set; } = 200;

    public int Recipients { get; set; } = 100_000;

    public int SendGridLatencyMs { get; set; }

    public int Circuits { get; set; } = 100;

    /// <summary>Ended sessions the retention item purges.</summary>
    public int RetentionSessions { get; set; } = 1_000_000;

    /// <summary>Each of the retention item's two sign-in windows (without and during the purge).</summary>
    public double RetentionSeconds { get; set; } = 30;

    public string ChromiumPath { get; set; } =
        Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public string Output { get; set; } = Path.Combine("bench-results", "latest.json");

    /// <summary>Also writes the figures to bench/results/&lt;date&gt;.json in the repository, the copy that is committed.</summary>
    public bool Publish { get; set; }

    /// <summary>Where the temporary databases go (a new folder under the system's temporary folder by default).</summary>
    public string? WorkDirectory { get; set; }

    public bool Keep { get; set; }

    /// <summary>Where the memory item writes the portal's heap dumps (with 1 circuit and with all), or null for none.</summary>
    public string? HeapDumps { get; set; }

    public int EffectiveClients => Clients > 0 ? Clients : 2 * Environment.ProcessorCount;

    public static string Usage => """
        connecX Portal benchmarks

        dotnet run -c Release --project bench/ConnecXPortal.Bench -- <items> [options]

        Items: all, or any of: hashing signin cutover dashboard announcement memory retention

        Options (defaults in brackets):
          --hash-seconds N            hashing measurement [10]           --hash-warmup-seconds N [2]
          --signin-seconds N          sign-in measurement [30]           --signin-warmup-seconds N [5]
          --clients N                 concurrent sign-in clients [2 x cores]
          --signin-users N            accounts to sign in with [enough for the run]
          --sessions N                live portal sessions the cutover ends [1000000]
          --cutover-repeat N          runs of the job and of the raw UPDATE [3]
          --residents N               residents [100000]                  --buildings N [500]
          --dashboard-samples N       timed calls per dashboard query [200]
          --recipients N              announcement recipients [100000]   --sendgrid-latency-ms N [0]
          --circuits N                Blazor circuits to open [100]       --chromium PATH [/usr/bin/chromium]
          --retention-sessions N      ended sessions the retention job purges [1000000]
          --retention-seconds N       sign-ins measured without and during the purge, each [30]
          --out PATH                  the JSON figures [bench-results/latest.json]
          --publish                   also write bench/results/<date>.json (the committed copy)
          --work-dir PATH             temporary databases [a new temp folder]   --keep   keep them
          --heap-dumps DIR            memory item: also write the portal's heap dumps there, for dotnet-dump analyze
        """;

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (arg == "all")
                {
                    options.Items.AddRange(AllItems);
                }
                else if (AllItems.Contains(arg))
                {
                    options.Items.Add(arg);
                }
                else
                {
                    throw new BenchUsageException($"Unknown item '{arg}'. Items: all, {string.Join(", ", AllItems)}.");
                }

                continue;
            }

            string Value() => i + 1 < args.Count ? args[++i] : throw new BenchUsageException($"{arg} needs a value.");
            double Number() => double.TryParse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= 0
                ? n : throw new BenchUsageException($"{arg} needs a number of zero or more.");
            int Count() => int.TryParse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0
                ? n : throw new BenchUsageException($"{arg} needs a whole number of zero or more.");

            switch (arg)
            {
                case "--hash-seconds": options.HashSeconds = Number(); break;
                case "--hash-warmup-seconds": options.HashWarmupSeconds = Number(); break;
                case "--signin-seconds": options.SignInSeconds = Number(); break;
                case "--signin-warmup-seconds": options.SignInWarmupSeconds = Number(); break;
                case "--clients": options.Clients = Count(); break;
                case "--signin-users": options.SignInUsers = Count(); break;
                case "--sessions": options.Sessions = Count(); break;
                case "--cutover-repeat": options.CutoverRepeat = Math.Max(1, Count()); break;
                case "--residents": options.Residents = Count(); break;
                case "--buildings": options.Buildings = Math.Max(1, Count()); break;
                case "--dashboard-samples": options.DashboardSamples = Math.Max(1, Count()); break;
                case "--recipients": options.Recipients = Count(); break;
                case "--sendgrid-latency-ms": options.SendGridLatencyMs = Count(); break;
                case "--circuits": options.Circuits = Math.Max(1, Count()); break;
                case "--chromium": options.ChromiumPath = Value(); break;
                case "--retention-sessions": options.RetentionSessions = Count(); break;
                case "--retention-seconds": options.RetentionSeconds = Number(); break;
                case "--out": options.Output = Value(); break;
                case "--publish": options.Publish = true; break;
                case "--work-dir": options.WorkDirectory = Value(); break;
                case "--keep": options.Keep = true; break;
                case "--heap-dumps": options.HeapDumps = Value(); break;
                default: throw new BenchUsageException($"Unknown option '{arg}'.");
            }
        }

        if (options.Items.Count == 0)
        {
            throw new BenchUsageException("Name the items to run, or all.");
        }

        if (options.HashSeconds <= 0 || options.SignInSeconds <= 0 || options.RetentionSeconds <= 0)
        {
            throw new BenchUsageException("--hash-seconds, --signin-seconds and --retention-seconds must be more than zero.");
        }

        options.Items.Sort((a, b) => Array.IndexOf(AllItems, a).CompareTo(Array.IndexOf(AllItems, b)));
        var distinct = options.Items.Distinct().ToList();
        options.Items.Clear();
        options.Items.AddRange(distinct);
        return options;
    }
}

/// <summary>The command line was not understood; the message says why.</summary>
public sealed class BenchUsageException(string message) : Exception(message);
