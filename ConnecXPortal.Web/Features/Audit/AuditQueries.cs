using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace ConnecXPortal.Web.Features.Audit;

/// <summary>Reads of the audit log that several features share.</summary>
public static class AuditQueries
{
    /// <summary>
    /// The newest events about <paramref name="userId"/>'s own account that they are shown (the security page), newest
    /// first; from the (SubjectId, At) index.
    /// </summary>
    public static Task<List<AuditEvent>> RecentActivityOfAsync(this PortalDbContext db, Guid userId, int count, CancellationToken cancellationToken = default)
    {
        var types = AuditEventDescriptions.OwnerVisibleTypes.ToList();
        return db.AuditEvents.AsNoTracking()
            .Where(e => e.SubjectId == userId && types.Contains(e.Type))
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Take(count)
            .ToListAsync(cancellationToken);
    }
}
