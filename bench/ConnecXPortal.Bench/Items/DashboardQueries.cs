using ConnecXPortal.Bench.Data;
using ConnecXPortal.Domain.People;
using ConnecXPortal.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ConnecXPortal.Bench.Items;

/// <summary>
/// The one class that knows how the portal answers item 4's three questions. The managers' dashboard and the support
/// console (issue 5: EnrolmentDashboard, UserSearch) are not on main yet, so for now these are stand-in queries of
/// the same shape on the same tables; when those services land, only this class changes, to call them.
/// </summary>
public sealed class DashboardQueries
{
    public const string Describe =
        "measured through stand-in queries (issue 5's EnrolmentDashboard and UserSearch are not on main yet; only DashboardQueries changes when they are)";

    /// <summary>A manager's dashboard figures for one of their buildings; returns the residents counted.</summary>
    public async Task<int> DashboardFiguresAsync(IServiceProvider services, ManagerAccount manager, Guid buildingId)
    {
        var db = services.GetRequiredService<PortalDbContext>();
        if (!await db.BuildingManagers.AnyAsync(m => m.ManagerId == manager.Id && m.BuildingId == buildingId))
        {
            throw new InvalidOperationException("Not the manager's building.");
        }

        var residents = Residents(db, buildingId);
        var figures = await residents
            .GroupBy(_ => 1)
            .Select(g => new
            {
                Residents = g.Count(),
                Activated = g.Count(u => u.ActivatedAt != null),
                Enrolled = g.Count(u => db.UserFactors.Any(f => f.UserId == u.Id)),
            })
            .SingleAsync();
        await db.UserFactors.Where(f => residents.Any(u => u.Id == f.UserId))
            .GroupBy(f => f.Kind)
            .Select(g => new { Kind = g.Key, Count = g.Select(f => f.UserId).Distinct().Count() })
            .ToListAsync();
        return figures.Residents;
    }

    /// <summary>The first page (25 rows, by name) of the resident table of one of the manager's buildings; returns the rows.</summary>
    public async Task<int> FirstResidentPageAsync(IServiceProvider services, ManagerAccount manager, Guid buildingId)
    {
        var db = services.GetRequiredService<PortalDbContext>();
        var residents = Residents(db, buildingId);
        var rows = await residents
            .OrderBy(u => u.FamilyName).ThenBy(u => u.GivenName)
            .Take(25)
            .Select(u => new
            {
                u.Id,
                u.GivenName,
                u.FamilyName,
                u.Email,
                u.Unit,
                u.ActivatedAt,
                Factors = db.UserFactors.Where(f => f.UserId == u.Id).Select(f => f.Kind).ToList(),
                LastSignInAt = db.UserSessions.Where(s => s.UserId == u.Id).Max(s => (DateTimeOffset?)s.CreatedAt),
            })
            .ToListAsync();
        await residents.CountAsync();
        return rows.Count;
    }

    /// <summary>A support search for part of a name or email; returns the rows of the first page.</summary>
    public async Task<int> SupportSearchAsync(IServiceProvider services, Guid supportId, string term)
    {
        var db = services.GetRequiredService<PortalDbContext>();
        var pattern = term.ToUpperInvariant() + "%";
        var matching = db.Users.Where(u => EF.Functions.Like(u.NormalizedEmail!, pattern) || EF.Functions.Like(u.FamilyName, term + "%") || EF.Functions.Like(u.GivenName, term + "%"));
        var rows = await matching.OrderBy(u => u.FamilyName).ThenBy(u => u.GivenName).Take(25)
            .Select(u => new { u.Id, u.Email, u.GivenName, u.FamilyName, u.BuildingId, u.ActivatedAt })
            .ToListAsync();
        await matching.CountAsync();
        return rows.Count;
    }

    private static IQueryable<PortalUser> Residents(PortalDbContext db, Guid buildingId) =>
        db.Users.Where(u => u.BuildingId == buildingId
            && db.UserRoles.Any(r => r.UserId == u.Id && db.Roles.Any(role => role.Id == r.RoleId && role.Name == PortalRoles.Resident)));
}
