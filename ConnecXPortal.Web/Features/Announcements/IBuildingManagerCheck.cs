using System.Security.Claims;

namespace ConnecXPortal.Web.Features.Announcements;

/// <summary>
/// Whether a building manager may send to a building's residents. Manage answers it (its <c>ManagedBuildings</c>, which
/// also audits a refusal), so that manager permissions stay in one place and Announcements need not know Manage.
/// </summary>
public interface IBuildingManagerCheck
{
    /// <summary>True when <paramref name="user"/> manages the building; a refusal is audited with <paramref name="attempted"/>.</summary>
    Task<bool> ManagesAsync(ClaimsPrincipal user, Guid buildingId, string attempted, CancellationToken cancellationToken = default);
}
