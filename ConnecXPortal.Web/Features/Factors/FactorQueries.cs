using ConnecXPortal.Web.Data;

namespace ConnecXPortal.Web.Features.Factors;

/// <summary>Queries over the factor rows that several features share (cutover report, dashboards, support).</summary>
public static class FactorQueries
{
    /// <summary>Activated users who have not enrolled any second factor yet.</summary>
    public static IQueryable<PortalUser> ActivatedUsersWithoutFactor(this PortalDbContext db) =>
        db.Users.Where(u => u.ActivatedAt != null && !db.UserFactors.Any(f => f.UserId == u.Id));
}
