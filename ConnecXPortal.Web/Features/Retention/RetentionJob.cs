using ConnecXPortal.Web.Hosting;
using Microsoft.Extensions.Options;

namespace ConnecXPortal.Web.Features.Retention;

/// <summary>
/// Runs <see cref="RetentionRunner"/> when the portal starts and then every <see cref="RetentionOptions.Interval"/>.
/// Every instance may run it: the deletes are idempotent, and each batch is its own transaction, so a failed run
/// keeps what it deleted and the next one carries on.
/// </summary>
internal sealed class RetentionJob(
    IServiceScopeFactory scopeFactory,
    TimeProvider clock,
    IOptions<RetentionOptions> options,
    ILogger<RetentionJob> logger) : PeriodicJob(scopeFactory, clock, logger)
{
    protected override TimeSpan Interval => options.Value.Interval;

    protected override bool Enabled => options.Value.Enabled;

    protected override Task RunAsync(IServiceProvider services, CancellationToken stoppingToken) =>
        services.GetRequiredService<RetentionRunner>().RunAsync(stoppingToken);
}
