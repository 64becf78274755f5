using ConnecXPortal.Web.Data;

namespace ConnecXPortal.Web.Features.Manage.Reminders;

public enum ResidentReminderKind
{
    /// <summary>To an invited resident: activate your account (with a new activation link).</summary>
    Activation = 1,

    /// <summary>To an activated resident without a factor: set up a verification method.</summary>
    SetUpVerification = 2,
}

/// <summary>
/// One reminder sent to a resident from the managers' dashboard. Rows are the record that enforces at most one
/// reminder per resident per day (<see cref="ConnecXPortal.Domain.People.ReminderPolicy"/>), and show managers when a
/// resident was last reminded.
/// </summary>
public sealed class ResidentReminder
{
    public long Id { get; set; }

    public Guid UserId { get; set; }

    public PortalUser User { get; set; } = null!;

    public Guid BuildingId { get; set; }

    public ResidentReminderKind Kind { get; set; }

    public DateTimeOffset SentAt { get; set; }

    /// <summary>The manager who sent it.</summary>
    public Guid? SentById { get; set; }

    /// <summary>The request that sent it (also passed to the email provider, so its events can be traced back).</summary>
    public Guid BatchId { get; set; }
}
