using System.Diagnostics;

namespace ConnecXPortal.Bench.Items;

/// <summary>
/// CPU time this process has used. On a machine shared with other work, elapsed-time rates move with the neighbours'
/// load, while the CPU time one operation costs hardly does; the benchmark reports both.
/// </summary>
internal static class ProcessCpu
{
    public static TimeSpan Now()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    /// <summary>Reads the process's CPU time at <paramref name="start"/> and at <paramref name="end"/> of <paramref name="clock"/> and returns what was used between.</summary>
    public static async Task<TimeSpan> BetweenAsync(Stopwatch clock, TimeSpan start, TimeSpan end)
    {
        await DelayUntil(clock, start);
        var before = Now();
        await DelayUntil(clock, end);
        return Now() - before;
    }

    private static async Task DelayUntil(Stopwatch clock, TimeSpan at)
    {
        var wait = at - clock.Elapsed;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }
    }
}
