using ConnecXPortal.Bench.Items;
using ConnecXPortal.Bench.Reporting;

namespace ConnecXPortal.Bench;

/// <summary>Runs the items named on the command line, prints the table and writes the JSON.</summary>
public static class BenchCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output)
    {
        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (BenchUsageException ex)
        {
            output.WriteLine(ex.Message);
            output.WriteLine();
            output.WriteLine(BenchOptions.Usage);
            return 2;
        }

        var report = new BenchReport { Command = string.Join(' ', args), Machine = MachineInfo.Current() };
        output.WriteLine($"connecX Portal benchmarks: {string.Join(", ", options.Items)}");
        output.WriteLine($"Machine: {report.Machine.Describe()}");
        output.WriteLine($"Load average at the start: {report.LoadAverageAtStart}");
        if (Hosting.BenchPortal.PortalBuild != "Release")
        {
            output.WriteLine("Warning: the portal is a Debug build; run with -c Release for figures worth publishing.");
        }

        await using (var context = new BenchContext(options, report, output))
        {
            foreach (var item in options.Items)
            {
                output.WriteLine();
                output.WriteLine($"[{item}]");
                var started = System.Diagnostics.Stopwatch.StartNew();
                var result = item switch
                {
                    "hashing" => await HashingBenchmark.RunAsync(context),
                    "signin" => await SignInBenchmark.RunAsync(context),
                    "cutover" => await CutoverBenchmark.RunAsync(context),
                    "dashboard" => await DashboardBenchmark.RunAsync(context),
                    "announcement" => await AnnouncementBenchmark.RunAsync(context),
                    "memory" => await CircuitMemoryBenchmark.RunAsync(context),
                    "retention" => await RetentionBenchmark.RunAsync(context),
                    _ => throw new InvalidOperationException($"Unknown item {item}."),
                };
                report.Items.Add(result);
                foreach (var figure in result.Figures)
                {
                    output.WriteLine($"  {figure.Name}: {BenchReport.Format(figure.Value)} {figure.Unit}{(figure.Target is null ? "" : $" (target {figure.Target}: {(figure.Met == true ? "met" : "MISSED")})")}");
                }

                context.Progress($"done in {started.Elapsed.TotalSeconds:0.#} s");
            }
        }

        report.FinishedAt = DateTimeOffset.UtcNow;
        report.LoadAverageAtEnd = MachineInfo.LoadAverage();
        output.WriteLine();
        output.WriteLine("Configured:");
        foreach (var line in report.Configuration)
        {
            output.WriteLine($"  {line}");
        }

        output.WriteLine();
        output.WriteLine($"Machine: {report.Machine.Describe()}");
        output.WriteLine($"Load average: {report.LoadAverageAtStart} at the start, {report.LoadAverageAtEnd} at the end");
        output.WriteLine();
        output.Write(report.ToTable());

        await report.WriteAsync(options.Output);
        output.WriteLine();
        output.WriteLine($"Figures written to {Path.GetFullPath(options.Output)}");
        if (options.Publish)
        {
            var published = Path.Combine(RepositoryRoot(), "bench", "results", $"{report.StartedAt:yyyy-MM-dd}.json");
            await report.WriteAsync(published);
            await File.WriteAllTextAsync(Path.ChangeExtension(published, ".md"), report.ToMarkdown());
            output.WriteLine($"Published to {published} (and the Markdown table beside it, for the README)");
        }

        return 0;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ConnecXPortal.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("--publish writes into the repository: run it from inside the repository.");
    }
}
