using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ConnecXPortal.Bench.Reporting;

/// <summary>A target a figure is held to: at least or at most a value.</summary>
public sealed record Target(string Comparison, double Value)
{
    public static Target AtLeast(double value) => new(">=", value);

    public static Target AtMost(double value) => new("<=", value);

    public bool IsMetBy(double value) => Comparison == ">=" ? value >= Value : value <= Value;

    public override string ToString() => $"{(Comparison == ">=" ? "≥" : "≤")} {BenchReport.Format(Value)}";
}

/// <summary>One measured figure.</summary>
public sealed record Figure(string Name, double Value, string Unit, Target? Target = null)
{
    public bool? Met => Target?.IsMetBy(Value);
}

/// <summary>One benchmark item: its figures, and notes on how they were measured.</summary>
public sealed class BenchItem(string id, int number, string title)
{
    public string Id { get; } = id;

    public int Number { get; } = number;

    public string Title { get; } = title;

    public List<Figure> Figures { get; } = [];

    public List<string> Notes { get; } = [];

    public Figure Add(string name, double value, string unit, Target? target = null)
    {
        var figure = new Figure(name, value, unit, target);
        Figures.Add(figure);
        return figure;
    }

    public double Value(string name) => Figures.Single(f => f.Name == name).Value;
}

/// <summary>A whole run: the machine, what was configured, and every item's figures.</summary>
public sealed class BenchReport
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public DateTimeOffset StartedAt { get; init; } = DateTimeOffset.UtcNow;

    public DateTimeOffset? FinishedAt { get; set; }

    public required string Command { get; init; }

    public required MachineInfo Machine { get; init; }

    public string LoadAverageAtStart { get; init; } = MachineInfo.LoadAverage();

    public string? LoadAverageAtEnd { get; set; }

    public List<string> Configuration { get; } = [];

    public List<BenchItem> Items { get; } = [];

    public void Configured(IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            if (!Configuration.Contains(line))
            {
                Configuration.Add(line);
            }
        }
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public async Task WriteAsync(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        await File.WriteAllTextAsync(path, ToJson() + "\n");
    }

    /// <summary>The table printed at the end of a run.</summary>
    public string ToTable()
    {
        var rows = new List<string[]> { new[] { "Item", "Figure", "Value", "Target", "Met" } };
        foreach (var item in Items)
        {
            var first = true;
            foreach (var figure in item.Figures)
            {
                rows.Add(
                [
                    first ? $"{item.Number}. {item.Title}" : "",
                    figure.Name,
                    $"{Format(figure.Value)} {figure.Unit}".TrimEnd(),
                    figure.Target?.ToString() ?? "",
                    figure.Met switch { true => "yes", false => "NO", null => "" },
                ]);
                first = false;
            }
        }

        var widths = Enumerable.Range(0, 5).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var table = new StringBuilder();
        foreach (var (row, index) in rows.Select((r, i) => (r, i)))
        {
            table.AppendLine(string.Join("  ", row.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd());
            if (index == 0)
            {
                table.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
            }
        }

        return table.ToString();
    }

    /// <summary>The run as Markdown: the machine, then one table of every figure (the README's results section).</summary>
    public string ToMarkdown()
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"Run on {StartedAt:yyyy-MM-dd} ({Command}): {Machine.Describe()}; load average {LoadAverageAtStart} at the start, {LoadAverageAtEnd} at the end.");
        md.AppendLine();
        md.AppendLine("| Item | Figure | Value | Target | Met |");
        md.AppendLine("| --- | --- | --- | --- | --- |");
        foreach (var item in Items)
        {
            var first = true;
            foreach (var figure in item.Figures)
            {
                var met = figure.Met switch { true => "yes", false => "**no**", null => "" };
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {(first ? $"{item.Number}. {item.Title}" : "")} | {figure.Name} | {Format(figure.Value)} {figure.Unit} | {figure.Target?.ToString() ?? ""} | {met} |");
                first = false;
            }
        }

        return md.ToString();
    }

    public static string Format(double value) => value switch
    {
        double.NaN => "n/a",
        _ when Math.Abs(value) >= 1000 => value.ToString("#,0", CultureInfo.InvariantCulture),
        _ when Math.Abs(value) >= 100 => value.ToString("0.#", CultureInfo.InvariantCulture),
        _ when Math.Abs(value) >= 10 => value.ToString("0.##", CultureInfo.InvariantCulture),
        _ => value.ToString("0.###", CultureInfo.InvariantCulture),
    };
}
