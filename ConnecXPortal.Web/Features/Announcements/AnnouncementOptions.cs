using System.ComponentModel.DataAnnotations;

namespace ConnecXPortal.Web.Features.Announcements;

/// <summary>How the announcement sender batches and retries (appsettings.json, section Announcements).</summary>
public sealed class AnnouncementOptions : IValidatableObject
{
    public const string SectionName = "Announcements";

    /// <summary>Recipients per provider request (SendGrid takes at most 1,000 personalizations).</summary>
    [Range(1, 1000, ErrorMessage = "Announcements:BatchSize must be between 1 and 1000 (SendGrid's limit per request).")]
    public int BatchSize { get; set; } = 1000;

    /// <summary>Attempts per batch when the provider throttles or fails (429, 5xx) before the campaign pauses.</summary>
    [Range(1, 20, ErrorMessage = "Announcements:MaxAttempts must be between 1 and 20.")]
    public int MaxAttempts { get; set; } = 6;

    /// <summary>The wait after the first transient failure when the provider gives no Retry-After; doubled each time.</summary>
    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest wait between attempts that the sender chooses itself (a Retry-After is honoured as given).</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The wait before attempt <paramref name="failedAttempts"/> + 1: exponential, capped at <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan Backoff(int failedAttempts)
    {
        var factor = Math.Pow(2, Math.Clamp(failedAttempts - 1, 0, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(InitialRetryDelay.Ticks * factor, MaxRetryDelay.Ticks));
        return delay;
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (InitialRetryDelay <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Announcements:InitialRetryDelay must be positive, for example 00:00:05.", [nameof(InitialRetryDelay)]);
        }

        if (MaxRetryDelay < InitialRetryDelay)
        {
            yield return new ValidationResult("Announcements:MaxRetryDelay must be at least Announcements:InitialRetryDelay.", [nameof(MaxRetryDelay)]);
        }
    }
}
