namespace ConnecXPortal.Web.Features.Notifications;

/// <summary>
/// Sends one rendered email to many recipients in one provider request, each with their own field values.
/// Two implementations: <see cref="SendGridBulkEmailSender"/> (personalizations) and <see cref="OutboxBulkEmailSender"/>
/// (Development and tests: one outbox row per recipient, saved together).
/// </summary>
public interface IBulkEmailSender
{
    /// <summary>The most recipients one call may carry.</summary>
    int MaxRecipientsPerRequest { get; }

    /// <summary>Sends, and says what happened; throws only when <paramref name="cancellationToken"/> is cancelled.</summary>
    Task<BulkSendResult> SendAsync(BulkEmail email, IReadOnlyList<BulkRecipient> recipients, CancellationToken cancellationToken);
}

/// <summary>A rendered email whose bodies may contain <see cref="EmailFields"/> tokens, filled in per recipient.</summary>
public sealed record BulkEmail(string Template, string Subject, string HtmlBody, string TextBody, Guid CampaignId);

/// <param name="Id">The recipient row, sent along as a custom argument so provider events can be traced back.</param>
/// <param name="Fields">Token (for example <see cref="EmailFields.FirstName"/>) to plain-text value.</param>
public sealed record BulkRecipient(long Id, string Email, string? Name, IReadOnlyDictionary<string, string> Fields);

public enum BulkSendOutcome
{
    /// <summary>The provider took every message.</summary>
    Accepted,

    /// <summary>Not taken this time (throttled, a server error, or no connection): safe to try the same request again.</summary>
    Transient,

    /// <summary>Refused for good (a bad request, a bad key): trying again will not help.</summary>
    Rejected,

    /// <summary>The request may or may not have been taken (the answer never came): sending again risks a second copy.</summary>
    Unknown,
}

public sealed record BulkSendResult(BulkSendOutcome Outcome, string? Error = null, int? StatusCode = null, TimeSpan? RetryAfter = null)
{
    public static BulkSendResult Accepted { get; } = new(BulkSendOutcome.Accepted);
}
