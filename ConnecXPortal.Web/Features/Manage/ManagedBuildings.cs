using System.Security.Claims;
using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Announcements;
using ConnecXPortal.Web.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace ConnecXPortal.Web.Features.Manage;

/// <summary>
/// A building manager reaches only the buildings they are assigned to. Every refused attempt at another building is
/// recorded in the audit log with what was attempted.
/// </summary>
public sealed class ManagedBuildings(PortalDbContext db, AuditLog audit) : IBuildingManagerCheck
{
    /// <summary>The buildings <paramref name="user"/> manages, by name.</summary>
    public Task<List<Building>> ListAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var userId = UserId(user);
        return db.Buildings.AsNoTracking()
            .Where(b => b.Managers.Any(m => m.ManagerId == userId))
            .OrderBy(b => b.Name)
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The building when <paramref name="user"/> manages it; otherwise null, and the refusal is audited with
    /// <paramref name="attempted"/> (for example "communication kit") unless <paramref name="recordRefusal"/> is false
    /// (a page rendering a second time for the same request, which was audited the first time).
    /// </summary>
    public async Task<Building?> FindAsync(ClaimsPrincipal user, Guid buildingId, string attempted, bool recordRefusal = true,
        CancellationToken cancellationToken = default)
    {
        var userId = UserId(user);
        var building = userId is null
            ? null
            : await db.Buildings.AsNoTracking()
                .SingleOrDefaultAsync(b => b.Id == buildingId && b.Managers.Any(m => m.ManagerId == userId), cancellationToken);
        if (building is null && recordRefusal)
        {
            await audit.RecordAsync(new AuditEntry(AuditEventTypes.BuildingAccessDenied)
            {
                ActorId = userId,
                ActorEmail = user.FindFirstValue(ClaimTypes.Email) ?? user.Identity?.Name,
                BuildingId = buildingId,
                Details = $"Refused: {attempted} of a building the user does not manage.",
            }, cancellationToken);
        }

        return building;
    }

    /// <summary>
    /// For an interactive page, which runs once to prerender and again on the circuit: the building as
    /// <see cref="FindAsync"/> finds it, the refusal audited only when <paramref name="refusalRecorded"/> (the flag the page
    /// persists from its prerender) is not yet set, and that flag as it stands afterwards.
    /// </summary>
    public async Task<(Building? Building, bool? RefusalRecorded)> FindForPageAsync(ClaimsPrincipal user, Guid buildingId,
        string attempted, bool? refusalRecorded, CancellationToken cancellationToken = default)
    {
        var building = await FindAsync(user, buildingId, attempted, recordRefusal: refusalRecorded != true, cancellationToken);
        return (building, building is null ? true : refusalRecorded);
    }

    public async Task<bool> ManagesAsync(ClaimsPrincipal user, Guid buildingId, string attempted,
        CancellationToken cancellationToken = default) =>
        await FindAsync(user, buildingId, attempted, cancellationToken: cancellationToken) is not null;

    private static Guid? UserId(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
}
