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
        var total = TimeSpan.FromSeconds(options.SignInWarmupSeconds + options.SignInSeconds);

        // A TOTP code works once per 30-second step, so each account signs in at most once per step: enough accounts
        // that none is needed twice in a run even at the hashing limit.
        var accountCount = options.SignInUsers > 0 ? options.SignInUsers : (int)Math.Ceiling(hashLimit * total.TotalSeconds * 1.3) + (4 * clients);
        var hasher = portal.Services.GetRequiredService<IPasswordHasher<PortalUser>>();
        var seeding = Stopwatch.StartNew();
        var accounts = BenchSeeding.AddSignInAccounts(portal.DatabasePath, accountCount, hasher.HashPassword(new PortalUser(), BenchPeople.Password), DateTimeOffset.UtcNow);
        context.Progress($"seeded {accounts.Count:N0} accounts with authenticator apps in {seeding.Elapsed.TotalSeconds:0.#} s");

        context.Progress($"{clients} clients for {options.SignInWarmupSeconds} s warm-up and {options.SignInSeconds} s measured");
        var run = await RunClientsAsync(portal, accounts, clients, TimeSpan.FromSeconds(options.SignInWarmupSeconds), TimeSpan.FromSeconds(options.SignInSeconds));

        var perSecond = run.Completed / options.SignInSeconds;
        var item = new BenchItem("signin", 2, "Sign-in throughput");
        item.Add("sign-ins per second", perSecond, "/s");
        item.Add("p50 latency", Percentiles.Of(run.LatenciesMs, 50), "ms");
        item.Add("p95 latency", Percentiles.Of(run.LatenciesMs, 95), "ms");
        item.Add("ratio to the hashing limit", perSecond / hashLimit, "", Reporting.Target.AtLeast(Target));
        item.Add("concurrent clients", clients, "");
        item.Add("sign-ins measured", run.Completed, "");
        item.Add("failed sign-ins", run.Failures, "", Reporting.Target.AtMost(0));
        item.Notes.Add($"{clients} clients over HTTPS (HTTP/1.1, one kept-alive connection each, fresh cookies per sign-in); a sign-in is 4 requests: GET /account/sign-in, POST the password, GET /account/verify, POST the authenticator code.");
        item.Notes.Add($"{accounts.Count:N0} seeded accounts, each with its own authenticator key and one shared password hash; {options.SignInWarmupSeconds} s warm-up, {options.SignInSeconds} s measured; the ratio is to item 1 measured in the same run ({hashLimit:0.#}/s).");
        if (run.FirstFailure is not null)
        {
            item.Notes.Add($"First failure: {run.FirstFailure}");
        }

        return item;
    }

    public sealed record ClientRun(int Completed, IReadOnlyCollection<double> LatenciesMs, int Failures, string? FirstFailure);

    /// <summary>Runs <paramref name="clients"/> clients until warm-up and measurement are over; counts what completed inside the measured window.</summary>
    public static async Task<ClientRun> RunClientsAsync(BenchPortal portal, IReadOnlyList<SignInAccount> accounts, int clients, TimeSpan warmup, TimeSpan duration)
    {
        var clock = Stopwatch.StartNew();
        var start = warmup;
        var end = warmup + duration;
        var latencies = new ConcurrentBag<double>();
        var completed = 0;
        var failures = 0;
        string? firstFailure = null;
        var next = -1;
        var lastStep = new long[accounts.Count];

        async Task ClientAsync()
        {
            using var http = portal.CreateRawClient();
            var browser = new FormlessBrowser(http);
            while (clock.Elapsed < end)
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
                    if (finished >= start && finished <= end)
                    {
                        Interlocked.Increment(ref completed);
                        latencies.Add((finished - began).TotalMilliseconds);
                    }
                }
                catch (Exception ex) when (ex is BenchFlowException or HttpRequestException)
                {
                    Interlocked.Increment(ref failures);
                    Interlocked.CompareExchange(ref firstFailure, ex.Message, null);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(ClientAsync)));
        return new ClientRun(completed, latencies, failures, firstFailure);
    }
}
