using System.Text.Json;
using ConnecXPortal.Bench;
using ConnecXPortal.Tests.Browser;

namespace ConnecXPortal.Tests.Benchmarks;

/// <summary>
/// The benchmark command in a tiny configuration, so that it cannot rot: every item runs end to end against the real
/// portal and every figure comes out, in the table and in the JSON. What the figures are is for the full run to say;
/// no timing is asserted here.
/// </summary>
public sealed class BenchmarkCommandTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "connecx-tests", "bench-" + Guid.NewGuid().ToString("N"));

    [BrowserFact]
    public async Task All_InATinyConfiguration_ProducesEveryFigure_AndWritesTheJson()
    {
        var json = Path.Combine(directory, "latest.json");
        var dumps = Path.Combine(directory, "dumps");
        var output = new StringWriter();

        var exitCode = await BenchCommand.RunAsync(
        [
            "all",
            "--hash-seconds", "0.2", "--hash-warmup-seconds", "0",
            "--signin-seconds", "0.5", "--signin-warmup-seconds", "0", "--signin-users", "50", "--clients", "2",
            "--sessions", "1000", "--cutover-repeat", "1",
            "--residents", "300", "--buildings", "6", "--dashboard-samples", "3",
            "--recipients", "300",
            "--circuits", "3",
            "--retention-sessions", "1000", "--retention-seconds", "0.5",
            "--heap-dumps", dumps,
            "--out", json,
        ], output);

        exitCode.Should().Be(0, output.ToString());
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var root = document.RootElement;
        root.GetProperty("machine").GetProperty("logicalCores").GetInt32().Should().Be(Environment.ProcessorCount);
        root.GetProperty("loadAverageAtStart").GetString().Should().NotBeNullOrEmpty();
        var items = root.GetProperty("items").EnumerateArray().ToDictionary(
            i => i.GetProperty("id").GetString()!,
            i => i.GetProperty("figures").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => f.GetProperty("value")));
        items.Keys.Should().Equal("hashing", "signin", "cutover", "dashboard", "announcement", "memory", "retention");

        ShouldBePositive(items["hashing"], "password verifications per second");
        ShouldBePositive(items["signin"], "sign-ins per second", "p50 latency", "p95 latency", "ratio to the hashing limit", "hashing limit (mean of before and after)");
        items["signin"]["failed sign-ins"].GetDouble().Should().Be(0);
        items["cutover"]["sessions ended"].GetDouble().Should().Be(1000);
        ShouldBePositive(items["cutover"], "cutover job", "raw SQL UPDATE", "ratio job / raw UPDATE");
        ShouldBePositive(items["dashboard"],
            "dashboard figures p50", "dashboard figures p95", "first page of the resident table p50", "first page of the resident table p95",
            "support search p50", "support search p95");
        items["announcement"]["recipients sent"].GetDouble().Should().Be(300);
        items["announcement"]["SendGrid requests"].GetDouble().Should().Be(1);
        ShouldBePositive(items["announcement"], "total");
        items["memory"]["circuits opened"].GetDouble().Should().Be(3);
        ShouldBePositive(items["memory"], "managed heap before", "managed heap after", "working set before");
        items["memory"].Should().ContainKeys("managed heap per circuit", "working set per circuit");

        items["retention"]["ended sessions purged"].GetDouble().Should().Be(1000);
        items["retention"]["failed sign-ins"].GetDouble().Should().Be(0);
        ShouldBePositive(items["retention"], "sign-in p95 without a purge", "sign-in p95 during the purge", "ratio p95 during / without", "purge", "delete statements");

        Directory.GetFiles(dumps).Select(Path.GetFileName).Should().BeEquivalentTo("portal-1-circuits.dmp", "portal-4-circuits.dmp");
        Directory.GetFiles(dumps).Should().AllSatisfy(f => new FileInfo(f).Length.Should().BeGreaterThan(1_000_000));

        var table = output.ToString();
        table.Should().Contain("6. Memory per portal user").And.Contain("managed heap per circuit").And.Contain("Load average");
    }

    private static void ShouldBePositive(Dictionary<string, JsonElement> figures, params string[] names)
    {
        foreach (var name in names)
        {
            figures.Should().ContainKey(name);
            figures[name].ValueKind.Should().Be(JsonValueKind.Number, name);
            figures[name].GetDouble().Should().BeGreaterThan(0, name);
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
