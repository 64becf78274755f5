using ConnecXPortal.Bench.Items;

namespace ConnecXPortal.Bench;

/// <summary>The command (the portal's own entry point is <c>Program</c>, which the benchmark hosts).</summary>
public static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == CircuitMemoryBenchmark.ServeCommand)
        {
            return await CircuitMemoryBenchmark.ServeAsync(args[1..]);
        }

        return await BenchCommand.RunAsync(args, Console.Out);
    }
}
