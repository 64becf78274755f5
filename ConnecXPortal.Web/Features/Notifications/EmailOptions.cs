using System.ComponentModel.DataAnnotations;

namespace ConnecXPortal.Web.Features.Notifications;

public enum EmailProvider
{
    /// <summary>Keep every message in the database and show it at /dev/outbox; nothing leaves the machine.</summary>
    Outbox,

    /// <summary>Deliver through the SendGrid v3 API.</summary>
    SendGrid,
}

public sealed class EmailOptions : IValidatableObject
{
    public const string SectionName = "Email";

    public EmailProvider Provider { get; set; } = EmailProvider.SendGrid;

    [Required, EmailAddress]
    public string FromAddress { get; set; } = "no-reply@connecx.com.au";

    [Required]
    public string FromName { get; set; } = "connecX";

    public SendGridOptions SendGrid { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider == EmailProvider.SendGrid && string.IsNullOrWhiteSpace(SendGrid.ApiKey))
        {
            yield return new ValidationResult(
                "Email:SendGrid:ApiKey is required when Email:Provider is SendGrid (set it through a secret store or the " +
                "environment variable Email__SendGrid__ApiKey).",
                [nameof(SendGrid)]);
        }

        if (!string.IsNullOrWhiteSpace(SendGrid.Host) && !Uri.TryCreate(SendGrid.Host, UriKind.Absolute, out _))
        {
            yield return new ValidationResult("Email:SendGrid:Host must be an absolute URL such as https://api.sendgrid.com.", [nameof(SendGrid)]);
        }
    }
}

public sealed class SendGridOptions
{
    public string? ApiKey { get; set; }

    /// <summary>The API's base address; only changed to point at a local stub in tests and benchmarks.</summary>
    public string? Host { get; set; }
}
