using System.Diagnostics;
using ConnecXPortal.Bench.Data;
using ConnecXPortal.Bench.Reporting;
using ConnecXPortal.Domain.Cutover;
using ConnecXPortal.Domain.Sessions;
using ConnecXPortal.Web.Features.Cutover;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ConnecXPortal.Bench.Items;

/// <summary>
/// Item 3: the cutover job ending every live portal session at 6 pm on the cutover evening, against the least the
/// database can do: one hand-written UPDATE of the same rows. Both run on identical copies of one seeded file (the
/// sessions table as it would be that evening), alternately, <see cref="BenchOptions.CutoverRepeat"/> times each;
/// the figures are the medians.
/// </summary>
public static class CutoverBenchmark
{
    public const double Target = 1.5;

    public static async Task<BenchItem> RunAsync(BenchContext context)
    {
        var options = context.Options;
        var template = context.DatabasePath("cutover-template");
        DateTimeOffset cutover;
        await using (var portal = await context.StartPortalAsync(template, s => s with { CutoverJob = false }))
        {
            cutover = portal.Services.GetRequiredService<CutoverSchedule>().PortalCutover;
        }

        var seeding = Stopwatch.StartNew();
        var population = BenchSeeding.AddCutoverSessions(template, options.Sessions, cutover);
        BenchDatabase.Checkpoint(template);
        context.Progress($"seeded {population.LivePortalSessions:N0} live portal sessions and {population.OtherSessions:N0} others for {population.Users:N0} users in {seeding.Elapsed.TotalSeconds:0.#} s");

        // The job runs a minute after the cutover instant; the raw UPDATE stamps the same instant.
        var runAt = cutover.AddMinutes(1);
        var raw = new List<double>();
        var job = new List<double>();
        for (var run = 1; run <= options.CutoverRepeat; run++)
        {
            var rawCopy = Copy(template, context.DatabasePath($"cutover-raw-{run}"));
            var (rawSeconds, rawEnded) = RawUpdate(rawCopy, runAt);
            BenchDatabase.Delete(rawCopy);
            Expect(rawEnded, population.LivePortalSessions, "the raw UPDATE");
            raw.Add(rawSeconds);

            var jobCopy = Copy(template, context.DatabasePath($"cutover-job-{run}"));
            var (jobSeconds, jobEnded) = await RunJobAsync(context, jobCopy, cutover, runAt);
            BenchDatabase.Delete(jobCopy);
            Expect(jobEnded, population.LivePortalSessions, "the cutover job");
            job.Add(jobSeconds);
            context.Progress($"run {run}: raw UPDATE {rawSeconds:0.###} s, cutover job {jobSeconds:0.###} s");
        }

        BenchDatabase.Delete(template);
        var jobMedian = Median(job);
        var rawMedian = Median(raw);
        var item = new BenchItem("cutover", 3, "Cutover");
        item.Add("sessions ended", population.LivePortalSessions, "");
        item.Add("cutover job", jobMedian, "s");
        item.Add("raw SQL UPDATE", rawMedian, "s");
        item.Add("ratio job / raw UPDATE", jobMedian / rawMedian, "", Reporting.Target.AtMost(Target));
        item.Notes.Add($"{population.LivePortalSessions:N0} live portal sessions among {population.LivePortalSessions + population.OtherSessions:N0} (ended, lapsed and app sessions the portal phase leaves alone), {population.Users:N0} users; medians of {options.CutoverRepeat} runs each on identical copies of one seeded file.");
        item.Notes.Add("The job: CutoverRunner.RunDueAsync from the portal's services (its claim, the set-based UPDATE, the progress, the run record and the audit event in one transaction), after one earlier run before the cutover as the job's minute loop would have made; the clock is fixed one minute after the cutover.");
        item.Notes.Add("The raw UPDATE: UPDATE \"UserSessions\" SET \"EndedAt\" = @now, \"EndReason\" = 5 WHERE \"Client\" = 1 AND \"EndedAt\" IS NULL AND \"ExpiresAt\" > @now, on a plain connection to the same kind of file.");
        item.Notes.Add($"Each run: job {string.Join(", ", job.Select(s => $"{s:0.###} s"))}; raw {string.Join(", ", raw.Select(s => $"{s:0.###} s"))}.");
        return item;
    }

    private static (double Seconds, int Ended) RawUpdate(string databasePath, DateTimeOffset now)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE "UserSessions" SET "EndedAt" = $now, "EndReason" = $reason
            WHERE "Client" = $portal AND "EndedAt" IS NULL AND "ExpiresAt" > $now
            """;
        command.Parameters.AddWithValue("$now", BenchDatabase.At(now));
        command.Parameters.AddWithValue("$reason", (int)SessionEndReason.MfaCutover);
        command.Parameters.AddWithValue("$portal", (int)SessionClient.Portal);
        var clock = Stopwatch.StartNew();
        var ended = command.ExecuteNonQuery();
        return (clock.Elapsed.TotalSeconds, ended);
    }

    private static async Task<(double Seconds, int Ended)> RunJobAsync(BenchContext context, string databasePath, DateTimeOffset cutover, DateTimeOffset runAt)
    {
        var clock = new FakeTimeProvider(cutover.AddMinutes(-1));
        await using var portal = await context.StartPortalAsync(databasePath, s => s with { CutoverJob = false, Clock = clock });
        await RunDueAsync(portal.Services);
        clock.SetUtcNow(runAt);
        var timer = Stopwatch.StartNew();
        var runs = await RunDueAsync(portal.Services);
        var seconds = timer.Elapsed.TotalSeconds;
        return (seconds, runs.Where(r => r.Client == SessionClient.Portal).Sum(r => r.SessionsEnded));
    }

    private static async Task<IReadOnlyList<CutoverRun>> RunDueAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var runner = scope.ServiceProvider.GetRequiredService<CutoverRunner>();
        runner.Instance = "benchmark";
        return await runner.RunDueAsync();
    }

    private static string Copy(string template, string copy)
    {
        BenchDatabase.Delete(copy);
        File.Copy(template, copy);
        return copy;
    }

    private static void Expect(int ended, int expected, string what)
    {
        if (ended != expected)
        {
            throw new InvalidOperationException($"{what} ended {ended:N0} sessions, not the {expected:N0} live portal sessions.");
        }
    }

    private static double Median(List<double> values) => Percentiles.Of(values, 50);
}
