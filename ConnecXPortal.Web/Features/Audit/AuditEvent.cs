namespace ConnecXPortal.Web.Features.Audit;

/// <summary>One security event. Rows are only ever inserted (see <see cref="AuditLog"/>).</summary>
public sealed class AuditEvent
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>One of <see cref="ConnecXPortal.Domain.Audit.AuditEventTypes"/>.</summary>
    public string Type { get; set; } = "";

    public Guid? ActorId { get; set; }

    public string? ActorEmail { get; set; }

    public Guid? SubjectId { get; set; }

    public string? SubjectEmail { get; set; }

    public Guid? BuildingId { get; set; }

    public string? IpAddress { get; set; }

    public string? Reason { get; set; }

    /// <summary>Free-form details for people reading the log; never a secret.</summary>
    public string? Details { get; set; }
}
