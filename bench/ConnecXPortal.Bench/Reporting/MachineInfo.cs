using System.Globalization;
using System.Runtime.InteropServices;

namespace ConnecXPortal.Bench.Reporting;

/// <summary>The machine a run measured: the figures mean little without it.</summary>
public sealed record MachineInfo(string Cpu, int LogicalCores, double MemoryGiB, string Os, string DotNet)
{
    public static MachineInfo Current() => new(
        CpuModel(),
        Environment.ProcessorCount,
        Math.Round(TotalMemoryBytes() / (1024.0 * 1024 * 1024), 1),
        OperatingSystem(),
        RuntimeInformation.FrameworkDescription);

    public string Describe() =>
        string.Create(CultureInfo.InvariantCulture, $"{Cpu}, {LogicalCores} logical cores, {MemoryGiB:0.#} GiB memory, {Os}, {DotNet}");

    /// <summary>The 1, 5 and 15 minute load averages (Linux), so that readers can judge how busy the machine was.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string CpuModel()
    {
        if (File.Exists("/proc/cpuinfo"))
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (line is not null)
            {
                return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
            }
        }

        return RuntimeInformation.ProcessArchitecture.ToString();
    }

    private static long TotalMemoryBytes()
    {
        if (File.Exists("/proc/meminfo"))
        {
            var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            if (line is not null && long.TryParse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture, out var kib))
            {
                return kib * 1024;
            }
        }

        return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
    }

    private static string OperatingSystem()
    {
        if (File.Exists("/etc/os-release"))
        {
            var line = File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal));
            if (line is not null)
            {
                return $"{line["PRETTY_NAME=".Length..].Trim('"')} (kernel {Environment.OSVersion.Version})";
            }
        }

        return RuntimeInformation.OSDescription;
    }
}
