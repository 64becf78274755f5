namespace ConnecXPortal.Web.Features.Announcements;

/// <summary>What the portal shows of a campaign: its state and how many recipients are where.</summary>
public sealed record CampaignProgress(
    Guid CampaignId,
    CampaignStatus Status,
    int Pending,
    int Sending,
    int Sent,
    int Failed,
    int Unconfirmed,
    DateTimeOffset? NextAttemptAt,
    string? LastError)
{
    public int Total => Pending + Sending + Sent + Failed + Unconfirmed;

    /// <summary>Recipients not yet sent: waiting or in the request being sent now.</summary>
    public int Waiting => Pending + Sending;

    public int Done => Sent + Failed + Unconfirmed;
}

/// <summary>
/// In-process signals between the pages and the background sender: "there is work" (a campaign was queued or
/// resumed) and "a campaign moved" (so open pages update live without polling).
/// </summary>
public sealed class AnnouncementSignals(ILogger<AnnouncementSignals> logger)
{
    private readonly SemaphoreSlim work = new(0);

    public event Action<CampaignProgress>? ProgressChanged;

    public void WorkQueued()
    {
        if (work.CurrentCount == 0)
        {
            work.Release();
        }
    }

    public Task WaitForWorkAsync(CancellationToken cancellationToken) => work.WaitAsync(cancellationToken);

    /// <summary>Tells every listener; a listener that fails (a closing page) never stops the sender or the other listeners.</summary>
    public void Publish(CampaignProgress progress)
    {
        foreach (var listener in ProgressChanged?.GetInvocationList() ?? [])
        {
            try
            {
                ((Action<CampaignProgress>)listener)(progress);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "A page listening to announcement progress failed.");
            }
        }
    }
}

/// <summary>What support can do to a campaign from its card.</summary>
public enum CampaignAction
{
    Stop,
    Resume,
    RetryFailed,
    RetryUnconfirmed,
}
