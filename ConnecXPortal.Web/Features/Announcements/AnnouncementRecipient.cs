namespace ConnecXPortal.Web.Features.Announcements;

/// <summary>
/// One resident of a campaign and what happened to their copy. Rows are created in one statement when the campaign
/// is queued and updated a batch at a time (never one by one).
/// </summary>
public sealed class AnnouncementRecipient
{
    public long Id { get; set; }

    public Guid CampaignId { get; set; }

    public Guid UserId { get; set; }

    public Guid? BuildingId { get; set; }

    public string Email { get; set; } = "";

    public string GivenName { get; set; } = "";

    public string FamilyName { get; set; } = "";

    public RecipientStatus Status { get; set; }

    /// <summary>The request this recipient went out in (or is going out in); one batch is one provider request.</summary>
    public Guid? BatchId { get; set; }

    public DateTimeOffset? ClaimedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public string? Error { get; set; }
}

public enum RecipientStatus
{
    /// <summary>Not sent yet.</summary>
    Pending = 0,

    /// <summary>In a batch the sender has handed to the provider and not yet heard back about.</summary>
    Sending = 1,

    /// <summary>The provider accepted the message.</summary>
    Sent = 2,

    /// <summary>The provider refused the message (or the address is not valid); not retried by itself.</summary>
    Failed = 3,

    /// <summary>
    /// The batch was in flight when the portal stopped or the connection broke: the provider may or may not have
    /// accepted it. Never sent again automatically, so nobody gets a second copy; support decides.
    /// </summary>
    Unconfirmed = 4,
}
