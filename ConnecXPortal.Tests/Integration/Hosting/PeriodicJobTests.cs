using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace ConnecXPortal.Tests.Integration.Hosting;

/// <summary>The schedule every background job shares: a run at start, one per interval, a failed run logged and retried.</summary>
public sealed class PeriodicJobTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task ItRunsAtStart_ThenOncePerInterval_AndAFailedRunIsLoggedAndTheNextOneStillHappens()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 8, 21, 18, 0, 0, TimeSpan.Zero));
        var logger = new FakeLogger<CountingJob>();
        var job = new CountingJob(clock, logger, enabled: true) { FailOnRun = 1 };

        await job.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => Task.FromResult(job.Runs == 1), "the job runs once at start");

        clock.Advance(Interval - TimeSpan.FromSeconds(1));
        await Task.Yield();
        job.Runs.Should().Be(1, "the interval has not passed yet");

        clock.Advance(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => Task.FromResult(job.Runs == 2), "the run after the failed one still happens");
        clock.Advance(Interval);
        await Eventually.TrueAsync(() => Task.FromResult(job.Runs == 3), "and the one after that");

        await job.StopAsync(CancellationToken.None);
        var error = logger.Collector.GetSnapshot().Should().ContainSingle(r => r.Level == LogLevel.Error).Subject;
        error.Message.Should().Be("CountingJob failed; it will try again at its next run.");
        error.Exception.Should().BeOfType<InvalidOperationException>();
    }

    [Fact]
    public async Task ADisabledJob_NeverRuns()
    {
        var clock = new FakeTimeProvider();
        var job = new CountingJob(clock, new FakeLogger<CountingJob>(), enabled: false);

        await job.StartAsync(CancellationToken.None);
        await job.ExecuteTask!;
        clock.Advance(Interval * 3);

        job.Runs.Should().Be(0);
        await job.StopAsync(CancellationToken.None);
    }

    private sealed class CountingJob(TimeProvider clock, ILogger logger, bool enabled)
        : PeriodicJob(new ServiceCollection().BuildServiceProvider().GetRequiredService<IServiceScopeFactory>(), clock, logger)
    {
        private int runs;

        public int Runs => Volatile.Read(ref runs);

        public int FailOnRun { get; init; }

        protected override TimeSpan Interval => PeriodicJobTests.Interval;

        protected override bool Enabled => enabled;

        protected override Task RunAsync(IServiceProvider services, CancellationToken stoppingToken)
        {
            services.Should().NotBeNull();
            return Interlocked.Increment(ref runs) == FailOnRun
                ? throw new InvalidOperationException("the database is unreachable")
                : Task.CompletedTask;
        }
    }
}
