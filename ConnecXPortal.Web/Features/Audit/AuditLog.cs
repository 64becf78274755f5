using ConnecXPortal.Web.Data;

namespace ConnecXPortal.Web.Features.Audit;

/// <summary>What happened, to whom and by whom; <see cref="AuditLog"/> adds the time and the IP address.</summary>
public sealed record AuditEntry(string Type)
{
    public Guid? ActorId { get; init; }

    public string? ActorEmail { get; init; }

    public Guid? SubjectId { get; init; }

    public string? SubjectEmail { get; init; }

    public Guid? BuildingId { get; init; }

    public string? Reason { get; init; }

    public string? Details { get; init; }

    /// <summary>Overrides the address taken from the current request or circuit.</summary>
    public string? IpAddress { get; init; }

    /// <summary>An event a user did to their own account.</summary>
    public static AuditEntry BySelf(string type, PortalUser user) => new(type)
    {
        ActorId = user.Id,
        ActorEmail = user.Email,
        SubjectId = user.Id,
        SubjectEmail = user.Email,
    };

    /// <summary>An event a member of staff (support, a manager) did to someone else's account, in its building.</summary>
    public static AuditEntry ByStaff(string type, PortalUser actor, PortalUser user) => new(type)
    {
        ActorId = actor.Id,
        ActorEmail = actor.Email,
        SubjectId = user.Id,
        SubjectEmail = user.Email,
        BuildingId = user.BuildingId,
    };
}

/// <summary>
/// Where a request came from when it was not the portal (for example "Android app"), set on the request's features by
/// the feature that serves it; <see cref="AuditLog"/> puts it in front of the details of every event the request records,
/// so that events recorded by shared services (password checks, factor changes) say which client they came through.
/// </summary>
public sealed record AuditChannel(string Name);

/// <summary>
/// Appends security events. <see cref="Add"/> stages the row in the caller's unit of work so that the event and the
/// change it describes are saved together; <see cref="RecordAsync"/> saves at once. Nothing here updates or deletes.
/// The client address comes from the current request or, in a live Blazor circuit, from <see cref="CircuitClientAddress"/>.
/// </summary>
public sealed class AuditLog(PortalDbContext db, TimeProvider clock, IHttpContextAccessor httpContextAccessor)
{
    public AuditEvent Add(AuditEntry entry)
    {
        var row = new AuditEvent
        {
            At = clock.GetUtcNow(),
            Type = entry.Type,
            ActorId = entry.ActorId,
            ActorEmail = entry.ActorEmail,
            SubjectId = entry.SubjectId,
            SubjectEmail = entry.SubjectEmail,
            BuildingId = entry.BuildingId,
            Reason = Truncate(entry.Reason, 1000),
            Details = Truncate(WithChannel(entry.Details), 4000),
            IpAddress = entry.IpAddress
                ?? httpContextAccessor.HttpContext?.Connection.RemoteIpAddress?.ToString()
                ?? CircuitClientAddress.Current,
        };
        db.AuditEvents.Add(row);
        return row;
    }

    public async Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        Add(entry);
        await SaveAsync(cancellationToken);
    }

    /// <summary>Saves the staged events (and whatever else the shared unit of work holds).</summary>
    public Task SaveAsync(CancellationToken cancellationToken = default) => db.SaveChangesAsync(cancellationToken);

    private string? WithChannel(string? details) =>
        httpContextAccessor.HttpContext?.Features.Get<AuditChannel>() is { } channel
            ? (string.IsNullOrEmpty(details) ? $"{channel.Name}." : $"{channel.Name}: {details}")
            : details;

    private static string? Truncate(string? value, int max) => value is { Length: > 0 } && value.Length > max ? value[..max] : value;
}
