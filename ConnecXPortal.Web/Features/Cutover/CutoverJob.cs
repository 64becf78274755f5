using ConnecXPortal.Web.Hosting;
using Microsoft.Extensions.Options;

namespace ConnecXPortal.Web.Features.Cutover;

/// <summary>
/// Runs <see cref="CutoverRunner"/> when the portal starts and then every <see cref="CutoverOptions.JobInterval"/>
/// (a minute). Every portal instance runs it; the runner makes sure each part of a phase is applied once, in one
/// transaction, so a failed run leaves nothing half-applied.
/// </summary>
internal sealed class CutoverJob(
    IServiceScopeFactory scopeFactory,
    TimeProvider clock,
    IOptions<CutoverOptions> options,
    ILogger<CutoverJob> logger) : PeriodicJob(scopeFactory, clock, logger)
{
    protected override TimeSpan Interval => options.Value.JobInterval;

    protected override Task RunAsync(IServiceProvider services, CancellationToken stoppingToken) =>
        services.GetRequiredService<CutoverRunner>().RunDueAsync(stoppingToken);
}
