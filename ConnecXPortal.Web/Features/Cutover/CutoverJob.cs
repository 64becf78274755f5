using Microsoft.Extensions.Options;

namespace ConnecXPortal.Web.Features.Cutover;

/// <summary>
/// Runs <see cref="CutoverRunner"/> when the portal starts and then every <see cref="CutoverOptions.JobInterval"/>
/// (a minute), on the injected <see cref="TimeProvider"/>. Every portal instance runs it; the runner makes sure each
/// part of a phase is applied once.
/// </summary>
internal sealed class CutoverJob(
    IServiceScopeFactory scopeFactory,
    TimeProvider clock,
    IOptions<CutoverOptions> options,
    ILogger<CutoverJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.JobInterval, clock);
        do
        {
            await RunOnceAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task RunOnceAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopeFactory.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<CutoverRunner>().RunDueAsync(stoppingToken);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // The next tick tries again; nothing was half-applied because each run is one transaction.
            logger.LogError(ex, "The cutover job failed; it will try again at its next run.");
        }
    }
}
