using ConnecXPortal.Domain.Retention;
using Microsoft.Extensions.Options;

namespace ConnecXPortal.Web.Features.Retention;

/// <summary>Stops the portal at start when a retention setting is out of range, naming the key and why.</summary>
internal sealed class RetentionOptionsValidator : IValidateOptions<RetentionOptions>
{
    private static readonly TimeSpan TenYears = TimeSpan.FromDays(3650);

    public ValidateOptionsResult Validate(string? name, RetentionOptions options)
    {
        var errors = new List<string>();
        Between(errors, nameof(options.Interval), options.Interval, TimeSpan.FromMinutes(1), TimeSpan.FromDays(1), "how often the job runs");
        Between(errors, nameof(options.Sessions), options.Sessions, TimeSpan.FromDays(7), TenYears,
            "ended sessions are shown on Devices and sessions and to support, and a replayed refresh token is recognised while its session is kept");
        Between(errors, nameof(options.Links), options.Links, TimeSpan.FromDays(1), TenYears, "support can tell a used or expired link from an unknown one");
        Between(errors, nameof(options.EmailCodes), options.EmailCodes, TimeSpan.FromDays(1), TenYears, "the hourly limit on emailed codes counts the codes sent");
        Between(errors, nameof(options.Tickets), options.Tickets, TimeSpan.FromDays(1), TenYears, "a ticket's record is what makes it single-use");
        Between(errors, nameof(options.Outbox), options.Outbox, TimeSpan.FromDays(1), TenYears, "the outbox is where emails are read in Development");
        if (options.Audit is { } audit && (audit < RetentionLimits.MinimumAuditRetention || audit > TimeSpan.FromDays(36500)))
        {
            errors.Add($"{RetentionOptions.SectionName}:{nameof(options.Audit)} must be empty (keep the audit log for ever) or at least " +
                $"{RetentionLimits.MinimumAuditRetention.TotalDays:0} days; it is {audit:c}. Security investigations need at least that much " +
                "history, and the database refuses to delete younger audit events.");
        }

        if (options.BatchSize is < 1 or > RetentionLimits.MaxBatchSize)
        {
            errors.Add($"{RetentionOptions.SectionName}:{nameof(options.BatchSize)} must be between 1 and {RetentionLimits.MaxBatchSize}; it is " +
                $"{options.BatchSize}. A larger delete holds SQLite's write lock longer and makes SQL Server lock the whole table.");
        }

        Between(errors, nameof(options.PauseBetweenBatches), options.PauseBetweenBatches, TimeSpan.Zero, TimeSpan.FromSeconds(10), "the pause lets sign-ins write between batches");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Between(List<string> errors, string key, TimeSpan value, TimeSpan min, TimeSpan max, string why)
    {
        if (value < min || value > max)
        {
            errors.Add($"{RetentionOptions.SectionName}:{key} must be between {min:c} and {max:c}; it is {value:c} ({why}).");
        }
    }
}
