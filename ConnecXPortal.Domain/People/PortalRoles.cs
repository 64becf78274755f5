namespace ConnecXPortal.Domain.People;

/// <summary>The roles a portal account can hold. A user may hold more than one.</summary>
public static class PortalRoles
{
    /// <summary>A person who lives in a building and uses the portal for their own account.</summary>
    public const string Resident = "Resident";

    /// <summary>Manages one or more buildings and follows their residents' enrolment.</summary>
    public const string BuildingManager = "BuildingManager";

    /// <summary>connecX support staff: searches users, resets factors, reads the audit log.</summary>
    public const string Support = "Support";

    /// <summary>Every role, in the order they are shown.</summary>
    public static IReadOnlyList<string> All { get; } = [Resident, BuildingManager, Support];
}
