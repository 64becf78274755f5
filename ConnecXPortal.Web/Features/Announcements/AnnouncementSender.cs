namespace ConnecXPortal.Web.Features.Announcements;

/// <summary>
/// The background job: once the portal has started, marks batches interrupted by the last stop as unconfirmed,
/// then sends every queued campaign, and waits for the next one (no polling: queueing signals it).
/// </summary>
internal sealed class AnnouncementSender(
    CampaignRunner runner,
    AnnouncementSignals signals,
    IHostApplicationLifetime lifetime,
    ILogger<AnnouncementSender> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Links in the emails need the server's address when Portal:PublicBaseUrl is not set.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }

        await runner.RecoverInterruptedAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            foreach (var campaignId in await runner.RunnableAsync(stoppingToken))
            {
                try
                {
                    await runner.RunAsync(campaignId, stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogError(ex, "Sending announcement campaign {Campaign} failed; it is paused until support resumes it.", campaignId);
                    await runner.PauseAfterFailureAsync(campaignId, ex.Message);
                }
            }

            await signals.WaitForWorkAsync(stoppingToken);
        }
    }
}
