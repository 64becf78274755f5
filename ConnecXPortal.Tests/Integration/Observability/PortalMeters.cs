using System.Diagnostics.Metrics;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Features.Observability;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace ConnecXPortal.Tests.Integration.Observability;

/// <summary>Reads one running portal's ConnecXPortal instruments (its own IMeterFactory: no other test's portal is seen).</summary>
public sealed class PortalMeters(PortalAppFactory app) : IDisposable
{
    private readonly IMeterFactory meterFactory = app.Services.GetRequiredService<IMeterFactory>();
    private readonly Dictionary<string, MetricCollector<long>> counters = [];

    /// <summary>Starts collecting <paramref name="instrument"/> now; earlier measurements are not seen.</summary>
    public PortalMeters Watch(params string[] instruments)
    {
        foreach (var instrument in instruments)
        {
            counters[instrument] = new MetricCollector<long>(meterFactory, PortalMetrics.MeterName, instrument);
        }

        return this;
    }

    /// <summary>The sum of the measurements of <paramref name="instrument"/> whose tags include every one of <paramref name="tags"/>.</summary>
    public long Sum(string instrument, params (string Key, object? Value)[] tags) =>
        counters[instrument].GetMeasurementSnapshot()
            .Where(m => tags.All(t => m.Tags.TryGetValue(t.Key, out var value) && Equals(value, t.Value)))
            .Sum(m => m.Value);

    public IReadOnlyList<IReadOnlyDictionary<string, object?>> TagsOf(string instrument) =>
        [.. counters[instrument].GetMeasurementSnapshot().Select(m => m.Tags)];

    /// <summary>Waits until the sum reaches <paramref name="expected"/> (work a background service finishes), then checks it is exactly that.</summary>
    public async Task ShouldReachAsync(long expected, string instrument, params (string Key, object? Value)[] tags)
    {
        await Eventually.TrueAsync(() => Task.FromResult(Sum(instrument, tags) >= expected), $"{instrument} reaches {expected}");
        Sum(instrument, tags).Should().Be(expected, "{0} with {1}", instrument, string.Join(", ", tags.Select(t => $"{t.Key}={t.Value}")));
    }

    public void Dispose()
    {
        foreach (var collector in counters.Values)
        {
            collector.Dispose();
        }
    }
}
