namespace ConnecXPortal.Web.Data;

/// <summary>A building manager's responsibility for one building; a manager can have several.</summary>
public sealed class BuildingManagerAssignment
{
    public Guid BuildingId { get; set; }

    public Building Building { get; set; } = null!;

    public Guid ManagerId { get; set; }

    public PortalUser Manager { get; set; } = null!;

    public DateTimeOffset AssignedAt { get; set; }
}
