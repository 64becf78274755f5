namespace ConnecXPortal.Web.Features.Announcements;

/// <summary>
/// One sending of the MFA announcement to an audience (all residents, or chosen buildings). Its recipients are
/// fixed when it is queued (<see cref="AnnouncementRecipient"/>); the background sender works through them.
/// </summary>
public sealed class AnnouncementCampaign
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The email template sent (<see cref="AnnouncementEmail.Template"/>).</summary>
    public string Template { get; set; } = "";

    /// <summary>Who it goes to, in words ("All residents", "Harbourview Apartments").</summary>
    public string Audience { get; set; } = "";

    /// <summary>The buildings chosen, or none for all residents.</summary>
    public List<AnnouncementCampaignBuilding> Buildings { get; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public Guid? CreatedById { get; set; }

    public string? CreatedByEmail { get; set; }

    public CampaignStatus Status { get; set; }

    public int RecipientCount { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Why the campaign is paused, or the last transient failure while it is being retried.</summary>
    public string? LastError { get; set; }

    /// <summary>When the sender will try the current batch again after a transient failure.</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }
}

public enum CampaignStatus
{
    /// <summary>Waiting for the background sender.</summary>
    Queued = 0,

    /// <summary>The background sender is working through the recipients.</summary>
    Sending = 1,

    /// <summary>Stopped by support, or after a transient failure that did not clear; pending recipients wait for "Resume".</summary>
    Paused = 2,

    /// <summary>Every recipient has an outcome (sent, failed or unconfirmed).</summary>
    Completed = 3,
}

/// <summary>A building a campaign was sent to (none for "all residents").</summary>
public sealed class AnnouncementCampaignBuilding
{
    public Guid CampaignId { get; set; }

    public Guid BuildingId { get; set; }
}
