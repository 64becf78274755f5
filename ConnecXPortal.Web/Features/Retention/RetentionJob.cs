using Microsoft.Extensions.Options;

namespace ConnecXPortal.Web.Features.Retention;

/// <summary>
/// Runs <see cref="RetentionRunner"/> when the portal starts and then every <see cref="RetentionOptions.Interval"/>, on
/// the injected <see cref="TimeProvider"/>. Every instance may run it: the deletes are idempotent.
/// </summary>
internal sealed class RetentionJob(
    IServiceScopeFactory scopeFactory,
    TimeProvider clock,
    IOptions<RetentionOptions> options,
    ILogger<RetentionJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.Interval, clock);
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
            await scope.ServiceProvider.GetRequiredService<RetentionRunner>().RunAsync(stoppingToken);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // Each batch is its own transaction: what was deleted stays deleted, the next run carries on.
            logger.LogError(ex, "The retention job failed; it will try again at its next run.");
        }
    }
}
