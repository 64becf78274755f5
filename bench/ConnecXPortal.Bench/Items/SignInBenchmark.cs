using System.Collections.Concurrent;
using System.Diagnostics;
using ConnecXPortal.Bench.Clients;
using ConnecXPortal.Bench.Data;
using ConnecXPortal.Bench.Hosting;
using ConnecXPortal.Bench.Reporting;
using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace ConnecXPortal.Bench.Items;

/// <summary>
/// Item 2: complete sign-ins over HTTPS against the running portal, by twice as many concurrent clients as there are
/// cores. A sign-in is what a person does: GET the sign-in page, post the form with the password, GET the challenge,
/// post the authenticator code; it is complete when the portal answers with its session cookie and the redirect home.
/// Each client keeps its connection but starts every sign-in with no cookies. The figure is held against item 1.
/// </summary>
public static class SignInBenchmark
{
    public const double Target = 0.85;

    public static async Task<BenchItem> RunAsync(BenchContext context)
    {
        var options = context.Options;
        var portal = await context.SignInPortalAsync();
        if (context.HashesPerSecond is null)
        {
            context.Progress("measuring the hashing limit first (item 1 is this item's baseline)");
            context.Report.Items.Add(await HashingBenchmark.RunAsync(context));
        }

        var hashLimit = context.HashesPerSecond!.Value;
        var clients = options.EffectiveClients;
        var total = TimeSpan.FromSeconds(options.SignInWarmupSeconds + (options.SignInWarmupSeconds > 0 ? 60 : 0) + options.SignInSeconds);

        // A TOTP code works once per 30-second step, so each account signs in at most once per step: enough accounts
        // that none is needed twice in a run even at the hashing limit.
        var accountCount = options.SignInUsers > 0 ? options.SignInUsers : (int)Math.Ceiling(hashLimit * total.TotalSeconds * 1.3) + (4 * clients);
        var hasher = portal.Services.GetRequiredService<IPasswordHasher<PortalUser>>();
        var seeding = Stopwatch.StartNew();
        var accounts = BenchSeeding.AddSignInAccounts(portal.DatabasePath, accountCount, hasher.HashPassword(new PortalUser(), BenchPeople.Password), DateTimeOffset.UtcNow);
        context.Progress($"seeded {accounts.Count:N0} accounts with authenticator apps in {seeding.Elapsed.TotalSeconds:0.#} s");

        context.Progress($"{clients} clients: at least {options.SignInWarmupSeconds} s warm-up (until the JIT settles), then {options.SignInSeconds} s measured");
        var run = await RunClientsAsync(portal, accounts, clients, TimeSpan.FromSeconds(options.SignInWarmupSeconds), TimeSpan.FromSeconds(options.SignInSeconds));

        // The machine's load can drift during a run: the baseline is the hashing limit just before and just after.
        var hash = hasher.HashPassword(new PortalUser(), BenchPeople.Password);
        var after = HashingBenchmark.Measure(hasher, hash, Environment.ProcessorCount, TimeSpan.FromSeconds(options.HashWarmupSeconds), TimeSpan.FromSeconds(options.HashSeconds));
        var hashAfter = after.PerSecond;
        var hashCpuMs = double.IsNaN(context.HashCpuMs) ? after.CpuMsEach : (context.HashCpuMs + after.CpuMsEach) / 2;
        var baseline = (hashLimit + hashAfter) / 2;
        context.Progress($"hashing limit before {hashLimit:0.#}/s, after {hashAfter:0.#}/s");

        var item = new BenchItem("signin", 2, "Sign-in throughput");
        item.Add("sign-ins per second", run.PerSecond, "/s");
        item.Add("p50 latency", Percentiles.Of(run.LatenciesMs, 50), "ms");
        item.Add("p95 latency", Percentiles.Of(run.LatenciesMs, 95), "ms");
        item.Add("ratio to the hashing limit", run.PerSecond / baseline, "", Reporting.Target.AtLeast(Target));
        item.Add("hashing limit (mean of before and after)", baseline, "/s");
        item.Add("hashing limit after the sign-ins", hashAfter, "/s");
        item.Add("CPU time per sign-in (portal and clients)", run.CpuMsEach, "ms");
        item.Add("ratio by CPU time (verification / sign-in)", hashCpuMs / run.CpuMsEach, "");
        item.Add("warm-up (until the JIT settled)", run.WarmedUpAfter.TotalSeconds, "s");
        item.Add("concurrent clients", clients, "");
        item.Add("sign-ins measured", run.Completed, "");
        item.Add("failed sign-ins", run.Failures, "", Reporting.Target.AtMost(0));
        item.Notes.Add($"{clients} clients over HTTPS (HTTP/1.1, one kept-alive connection each, fresh cookies per sign-in); a sign-in is 4 requests: GET /account/sign-in, POST the password, GET /account/verify, POST the authenticator code.");
        item.Notes.Add($"{accounts.Count:N0} seeded accounts, each with its own authenticator key and one shared password hash; a warm-up of at least {options.SignInWarmupSeconds} s and until the JIT had settled ({run.WarmedUpAfter.TotalSeconds:0} s), then {options.SignInSeconds} s measured; the ratio is to the hashing limit measured in the same run just before (item 1: {hashLimit:0.#}/s) and just after ({hashAfter:0.#}/s), averaged.");
        if (run.FirstFailure is not null)
        {
            item.Notes.Add($"First failure: {run.FirstFailure}");
        }

        return item;
    }

    public sealed record ClientRun(int Completed, TimeSpan Window, IReadOnlyCollection<double> LatenciesMs, int Failures, string? FirstFailure, TimeSpan CpuInWindow, int CompletedInWindow, TimeSpan WarmedUpAfter)
    {
        public double PerSecond => Completed / Window.TotalSeconds;

        /// <summary>The process's CPU time (the portal's and the clients') per sign-in completed in the window.</summary>
        public double CpuMsEach => CompletedInWindow == 0 ? double.NaN : CpuInWindow.TotalMilliseconds / CompletedInWindow;
    }

    /// <summary>
    /// Runs <paramref name="clients"/> clients through the warm-up and the measured window and counts the sign-ins
    /// completed inside the window. The warm-up lasts <paramref name="warmup"/> and, when that is not zero, until the
    /// JIT has settled (tiered compilation recompiles hot code for a few hundred sign-ins; a portal in production has
    /// long finished that), at most a minute more. The window lasts <paramref name="duration"/>, and longer if needed
    /// until every client could finish one (so a tiny run on a busy machine still measures something).
    /// </summary>
    public static async Task<ClientRun> RunClientsAsync(BenchPortal portal, IReadOnlyList<SignInAccount> accounts, int clients, TimeSpan warmup, TimeSpan duration)
    {
        var clock = Stopwatch.StartNew();
        long startTicks = long.MaxValue;
        long endTicks = long.MaxValue;
        var latencies = new ConcurrentBag<double>();
        var completed = 0;
        var completedInWindow = 0;
        var failures = 0;
        long lastCountedTicks = 0;
        string? firstFailure = null;
        var next = -1;
        var lastStep = new long[accounts.Count];

        async Task ClientAsync()
        {
            using var http = portal.CreateRawClient();
            var browser = new FormlessBrowser(http);
            while (clock.Elapsed.Ticks < Volatile.Read(ref endTicks) || Volatile.Read(ref completed) < clients)
            {
                var index = Interlocked.Increment(ref next) % accounts.Count;
                var account = accounts[index];

                // Only with too few accounts for the run: wait for the next step rather than be refused as a replay.
                while (TotpPolicy.StepAt(DateTimeOffset.UtcNow) <= Volatile.Read(ref lastStep[index]))
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(200));
                }

                var began = clock.Elapsed;
                try
                {
                    var now = DateTimeOffset.UtcNow;
                    Volatile.Write(ref lastStep[index], TotpPolicy.StepAt(now));
                    await PortalSignIn.SignInAsync(browser, account, now);
                    var finished = clock.Elapsed;
                    if (finished.Ticks < Volatile.Read(ref startTicks))
                    {
                        continue;
                    }

                    if (finished.Ticks <= Volatile.Read(ref endTicks))
                    {
                        Interlocked.Increment(ref completed);
                        Interlocked.Increment(ref completedInWindow);
                    }
                    else if (Interlocked.Increment(ref completed) <= clients)
                    {
                        InterlockedMax(ref lastCountedTicks, finished.Ticks);
                    }
                    else
                    {
                        Interlocked.Decrement(ref completed);
                        continue;
                    }

                    latencies.Add((finished - began).TotalMilliseconds);
                }
                catch (Exception ex) when (ex is BenchFlowException or HttpRequestException)
                {
                    Interlocked.Increment(ref failures);
                    Interlocked.CompareExchange(ref firstFailure, ex.Message, null);
                    if (failures > 100 && completed == 0)
                    {
                        throw new InvalidOperationException($"Every sign-in fails; the first: {firstFailure}", ex);
                    }
                }
            }
        }

        async Task<TimeSpan> WindowAsync()
        {
            await Task.Delay(warmup);
            if (warmup > TimeSpan.Zero)
            {
                var limit = clock.Elapsed + TimeSpan.FromMinutes(1);
                var counts = new Queue<long>([System.Runtime.JitInfo.GetCompiledMethodCount()]);
                while (clock.Elapsed < limit)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1));
                    counts.Enqueue(System.Runtime.JitInfo.GetCompiledMethodCount());
                    if (counts.Count > 3 && counts.Last() - counts.Dequeue() < 20)
                    {
                        break;
                    }
                }
            }

            var start = clock.Elapsed;
            Volatile.Write(ref lastCountedTicks, (start + duration).Ticks);
            Volatile.Write(ref startTicks, start.Ticks);
            Volatile.Write(ref endTicks, (start + duration).Ticks);
            var cpuBefore = ProcessCpu.Now();
            await Task.Delay(duration);
            return ProcessCpu.Now() - cpuBefore;
        }

        var window = WindowAsync();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(ClientAsync)));
        var cpu = await window;
        var warmedUp = TimeSpan.FromTicks(startTicks);
        return new ClientRun(completed, TimeSpan.FromTicks(lastCountedTicks - startTicks), latencies, failures, firstFailure, cpu, completedInWindow, warmedUp);
    }

    private static void InterlockedMax(ref long target, long value)
    {
        for (var current = Interlocked.Read(ref target); value > current; current = Interlocked.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, current) == current)
            {
                return;
            }
        }
    }
}
