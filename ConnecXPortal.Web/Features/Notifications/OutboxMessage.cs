namespace ConnecXPortal.Web.Features.Notifications;

/// <summary>An email kept by the local outbox instead of being delivered (Development and tests).</summary>
public sealed class OutboxMessage
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public DateTimeOffset CreatedAt { get; set; }

    public string To { get; set; } = "";

    public string? ToName { get; set; }

    public string Subject { get; set; } = "";

    public string HtmlBody { get; set; } = "";

    public string TextBody { get; set; } = "";

    /// <summary>The template that produced the message, for finding it in tests and in the outbox page.</summary>
    public string Template { get; set; } = "";
}
