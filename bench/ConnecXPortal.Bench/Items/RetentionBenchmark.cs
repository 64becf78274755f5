using System.Diagnostics;
using ConnecXPortal.Bench.Data;
using ConnecXPortal.Bench.Reporting;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Retention;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ConnecXPortal.Bench.Items;

/// <summary>
/// Item 7: sign-ins while the retention job purges a million ended sessions. The same clients as item 2 sign in for
/// <see cref="BenchOptions.RetentionSeconds"/> with no purge, then again while the portal's own
/// <see cref="RetentionRunner"/> deletes the ended sessions in its batches; the figure is p95 during / p95 without.
/// </summary>
public static class RetentionBenchmark
{
    public const double Target = 1.5;

    public static async Task<BenchItem> RunAsync(BenchContext context)
    {
        var options = context.Options;
        var path = context.DatabasePath("retention");
        await using var portal = await context.StartPortalAsync(path, s => s with { CutoverJob = false });
        var clients = options.EffectiveClients;
        var window = TimeSpan.FromSeconds(options.RetentionSeconds);

        // Each account signs in at most once per 30-second TOTP step: enough for both windows and the warm-up at the
        // rate one core or so allows.
        var accountCount = options.SignInUsers > 0 ? options.SignInUsers
            : (int)Math.Ceiling(30 * Environment.ProcessorCount * ((2 * options.RetentionSeconds) + options.SignInWarmupSeconds + 60)) + (4 * clients);
        var hasher = portal.Services.GetRequiredService<IPasswordHasher<PortalUser>>();
        var now = DateTimeOffset.UtcNow;
        var seeding = Stopwatch.StartNew();
        var accounts = BenchSeeding.AddSignInAccounts(path, accountCount, hasher.HashPassword(new PortalUser(), BenchPeople.Password), now);
        var seeded = BenchSeeding.AddEndedSessions(path, options.RetentionSessions, [.. accounts.Select(a => a.Id)], now);
        context.Progress($"seeded {accounts.Count:N0} accounts and {seeded:N0} ended sessions in {seeding.Elapsed.TotalSeconds:0.#} s");

        context.Progress($"{clients} clients: at least {options.SignInWarmupSeconds} s warm-up, then {window.TotalSeconds} s of sign-ins without a purge");
        // Each window has its own half of the accounts: a code used in the first cannot be refused as a replay in the second.
        var half = accounts.Count / 2;
        var without = await SignInBenchmark.RunClientsAsync(portal, [.. accounts.Take(half)], clients, TimeSpan.FromSeconds(options.SignInWarmupSeconds), window);

        context.Progress($"purging; {window.TotalSeconds} s of sign-ins meanwhile");
        var purgeClock = Stopwatch.StartNew();
        var purge = Task.Run(async () =>
        {
            await using var scope = portal.Services.CreateAsyncScope();
            var counts = await scope.ServiceProvider.GetRequiredService<RetentionRunner>().RunAsync();
            purgeClock.Stop();
            return counts;
        });
        var during = await SignInBenchmark.RunClientsAsync(portal, [.. accounts.Skip(half)], clients, TimeSpan.Zero, window);
        var purgeOutlasted = !purge.IsCompleted;
        var counts = await purge;
        var deleted = counts.Where(c => c.Table.StartsWith("UserSessions", StringComparison.Ordinal)).Sum(c => c.Deleted);
        var batches = counts.Where(c => c.Table.StartsWith("UserSessions", StringComparison.Ordinal)).Sum(c => c.Batches);
        await using (var db = portal.CreateDbContext())
        {
            var left = await db.UserSessions.CountAsync(s => s.EndedAt != null && s.EndedAt < now.AddDays(-90));
            if (deleted < seeded || left != 0)
            {
                throw new InvalidOperationException($"The purge deleted {deleted:N0} sessions of {seeded:N0}; {left:N0} due sessions are left.");
            }
        }

        var p95Without = Percentiles.Of(without.LatenciesMs, 95);
        var p95During = Percentiles.Of(during.LatenciesMs, 95);
        var item = new BenchItem("retention", 7, "Retention");
        item.Add("ended sessions purged", deleted, "");
        item.Add("sign-in p95 without a purge", p95Without, "ms");
        item.Add("sign-in p95 during the purge", p95During, "ms");
        item.Add("ratio p95 during / without", p95During / p95Without, "", Reporting.Target.AtMost(Target));
        item.Add("sign-in p50 without a purge", Percentiles.Of(without.LatenciesMs, 50), "ms");
        item.Add("sign-in p50 during the purge", Percentiles.Of(during.LatenciesMs, 50), "ms");
        item.Add("purge", purgeClock.Elapsed.TotalSeconds, "s");
        item.Add("delete statements", batches, "");
        item.Add("sign-ins measured without a purge", without.Completed, "");
        item.Add("sign-ins measured during the purge", during.Completed, "");
        item.Add("failed sign-ins", without.Failures + during.Failures, "", Reporting.Target.AtMost(0));
        item.Notes.Add($"{seeded:N0} portal sessions that ended 100 to 400 days ago (Retention:Sessions is 90 days), beside {accounts.Count:N0} accounts; the purge is RetentionRunner.RunAsync from the portal's services with its configured batches (Retention:BatchSize, Retention:PauseBetweenBatches).");
        item.Notes.Add($"Sign-ins as in item 2 ({clients} clients, 4 requests each): {without.Completed:N0} in {window.TotalSeconds} s without a purge (after the warm-up), then {during.Completed:N0} in {window.TotalSeconds} s started with the purge; the purge {(purgeOutlasted ? "outlasted" : "finished within")} that window.");
        return item;
    }
}
