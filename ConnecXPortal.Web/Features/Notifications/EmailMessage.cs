namespace ConnecXPortal.Web.Features.Notifications;

/// <summary>A rendered email, ready for a sender.</summary>
/// <param name="Template">The template that produced it (for the outbox and for tests).</param>
public sealed record EmailMessage(string To, string? ToName, string Subject, string HtmlBody, string TextBody, string Template);

/// <summary>Delivers rendered emails. Two implementations: SendGrid (production) and the local outbox (Development, tests).</summary>
public interface IPortalEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default);
}

/// <summary>The provider refused or could not take a message; the text never includes the message body.</summary>
public sealed class EmailDeliveryException(string message, int? statusCode = null, TimeSpan? retryAfter = null)
    : Exception(message)
{
    public int? StatusCode { get; } = statusCode;

    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>Worth trying again later: throttled (429) or a server error (5xx), or no answer at all.</summary>
    public bool IsTransient => StatusCode is null or 429 or >= 500;
}
