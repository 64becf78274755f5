namespace ConnecXPortal.Web.Hosting;

/// <summary>
/// A background job that runs once when the portal starts and then every <see cref="Interval"/> on the injected
/// <see cref="TimeProvider"/>, each run in its own service scope. A failed run is logged and the next tick tries again.
/// </summary>
internal abstract class PeriodicJob(IServiceScopeFactory scopeFactory, TimeProvider clock, ILogger logger) : BackgroundService
{
    protected abstract TimeSpan Interval { get; }

    protected virtual bool Enabled => true;

    protected abstract Task RunAsync(IServiceProvider services, CancellationToken stoppingToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(Interval, clock);
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
            await RunAsync(scope.ServiceProvider, stoppingToken);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogError(ex, "{Job} failed; it will try again at its next run.", GetType().Name);
        }
    }
}
