using System.Diagnostics;
using ConnecXPortal.Bench.Data;
using ConnecXPortal.Bench.Reporting;
using ConnecXPortal.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ConnecXPortal.Bench.Items;

/// <summary>
/// Item 1: how many passwords the portal's own hasher (IPasswordHasher&lt;PortalUser&gt; from the running portal's
/// services) verifies per second with one thread per core, each verifying as fast as it can. Every password sign-in
/// costs one verification, so this is the ceiling for password sign-ins on the machine.
/// </summary>
public static class HashingBenchmark
{
    public static async Task<BenchItem> RunAsync(BenchContext context)
    {
        var portal = await context.SignInPortalAsync();
        var hasher = portal.Services.GetRequiredService<IPasswordHasher<PortalUser>>();
        var hasherOptions = portal.Services.GetRequiredService<IOptions<PasswordHasherOptions>>().Value;
        var hash = hasher.HashPassword(new PortalUser(), BenchPeople.Password);
        var threads = Environment.ProcessorCount;
        context.Progress($"{hasher.GetType().Name} ({hasherOptions.CompatibilityMode}, {hasherOptions.IterationCount:N0} iterations) on {threads} threads for {context.Options.HashSeconds} s");

        var measured = Measure(hasher, hash, threads, TimeSpan.FromSeconds(context.Options.HashWarmupSeconds), TimeSpan.FromSeconds(context.Options.HashSeconds));
        context.HashesPerSecond = measured.PerSecond;
        context.HashCpuMs = measured.CpuMsEach;

        var item = new BenchItem("hashing", 1, "Hashing limit");
        item.Add("password verifications per second", measured.PerSecond, "/s");
        item.Add("CPU time per verification", measured.CpuMsEach, "ms");
        item.Add("threads", threads, "");
        item.Notes.Add($"{hasher.GetType().FullName} as registered in the portal ({hasherOptions.CompatibilityMode}: PBKDF2 with HMAC-SHA512, {hasherOptions.IterationCount:N0} iterations), one thread per logical core, {context.Options.HashWarmupSeconds} s warm-up then {context.Options.HashSeconds} s measured.");
        return item;
    }

    /// <summary>
    /// Verifications completed by <paramref name="threads"/> threads after <paramref name="warmup"/>, and the time
    /// they took: the window lasts <paramref name="duration"/>, and longer if needed until every thread has finished one
    /// (so a tiny run on a busy machine still measures something).
    /// </summary>
    public static HashMeasurement Measure(IPasswordHasher<PortalUser> hasher, string hash, int threads, TimeSpan warmup, TimeSpan duration)
    {
        var user = new PortalUser();
        if (hasher.VerifyHashedPassword(user, hash, BenchPeople.Password) != PasswordVerificationResult.Success)
        {
            throw new InvalidOperationException("The portal's hasher does not accept the hash it just made.");
        }

        var clock = Stopwatch.StartNew();
        var start = warmup;
        var end = warmup + duration;
        long verified = 0;
        long lastTicks = end.Ticks;
        long inWindow = 0;
        var cpu = ProcessCpu.BetweenAsync(clock, start, end);
        var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
        {
            long mine = 0;
            while (true)
            {
                hasher.VerifyHashedPassword(user, hash, BenchPeople.Password);
                var at = clock.Elapsed;
                if (at < start)
                {
                    continue;
                }

                if (at <= end)
                {
                    mine++;
                    Interlocked.Increment(ref inWindow);
                    continue;
                }

                if (mine == 0)
                {
                    mine++;
                    InterlockedMax(ref lastTicks, at.Ticks);
                }

                break;
            }

            Interlocked.Add(ref verified, mine);
        })
        { IsBackground = true }).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        var window = TimeSpan.FromTicks(Interlocked.Read(ref lastTicks)) - start;
        return new HashMeasurement(verified, window > duration ? window : duration, cpu.GetAwaiter().GetResult(), inWindow);
    }

    public sealed record HashMeasurement(long Verified, TimeSpan Elapsed, TimeSpan CpuInWindow, long VerifiedInWindow)
    {
        public double PerSecond => Verified / Elapsed.TotalSeconds;

        /// <summary>The process's CPU time per verification: what one costs, whatever the neighbours do.</summary>
        public double CpuMsEach => VerifiedInWindow == 0 ? double.NaN : CpuInWindow.TotalMilliseconds / VerifiedInWindow;
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
