using System.Security.Claims;
using ConnecXPortal.Bench.Data;
using ConnecXPortal.Web.Features.Manage;
using ConnecXPortal.Web.Features.Manage.Dashboard;
using ConnecXPortal.Web.Features.Support.Users;
using Microsoft.Extensions.DependencyInjection;

namespace ConnecXPortal.Bench.Items;

/// <summary>
/// Item 4's three questions asked exactly as the portal's pages ask them, through the portal's own services:
/// the manager's building dashboard (<see cref="ManagedBuildings.FindAsync"/>, then
/// <see cref="EnrolmentDashboard.GetFiguresAsync"/>), its resident table's first page
/// (<see cref="EnrolmentDashboard.GetResidentsPageAsync"/> with the grid's default query), and support's user search
/// (<see cref="UserSearch.SearchAsync"/>).
/// </summary>
public sealed class DashboardQueries
{
    public const string Describe =
        "measured through the portal's own services: ManagedBuildings.FindAsync then EnrolmentDashboard.GetFiguresAsync (the building dashboard's load), EnrolmentDashboard.GetResidentsPageAsync (the resident grid's first page: 25 rows by name, with the total) and UserSearch.SearchAsync (support's search, first page of 25 with the total)";

    /// <summary>A manager's dashboard figures for one of their buildings, with the page's access check; returns the residents counted.</summary>
    public async Task<int> DashboardFiguresAsync(IServiceProvider services, ManagerAccount manager, Guid buildingId)
    {
        var building = await services.GetRequiredService<ManagedBuildings>().FindAsync(Principal(manager.Id), buildingId, "enrolment dashboard")
            ?? throw new InvalidOperationException("Not the manager's building.");
        var figures = await services.GetRequiredService<EnrolmentDashboard>().GetFiguresAsync(building.Id)
            ?? throw new InvalidOperationException("The building has no figures.");
        return figures.Summary.Residents;
    }

    /// <summary>The first page of the resident table of one of the manager's buildings, as the grid first asks for it; returns the rows.</summary>
    public async Task<int> FirstResidentPageAsync(IServiceProvider services, Guid buildingId)
    {
        var page = await services.GetRequiredService<EnrolmentDashboard>().GetResidentsPageAsync(new ResidentQuery(buildingId));
        return page.Rows.Count;
    }

    /// <summary>A support search for the start of a name or an email; returns the rows of the first page.</summary>
    public async Task<int> SupportSearchAsync(IServiceProvider services, string term)
    {
        var results = await services.GetRequiredService<UserSearch>().SearchAsync(new UserSearchQuery(term));
        return results.Rows.Count;
    }

    private static ClaimsPrincipal Principal(Guid userId) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId.ToString())], "bench"));
}
