using ConnecXPortal.Web.Features.Manage.Dashboard;
using Microsoft.AspNetCore.WebUtilities;

namespace ConnecXPortal.Web.Features.Manage;

public static class ManageRoutes
{
    /// <summary>The managers' enrolment dashboard: every building they manage.</summary>
    public const string Dashboard = "/manage";

    public const string ExportPattern = "/manage/buildings/{buildingId:guid}/residents.csv";

    /// <summary>One building's figures, charts and resident table.</summary>
    public static string Building(Guid buildingId) => $"/manage/buildings/{buildingId}";

    /// <summary>The CSV of the residents <paramref name="query"/> matches (its search, filters and order; not its page).</summary>
    public static string Export(ResidentQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var parameters = new Dictionary<string, string?>
        {
            ["search"] = string.IsNullOrWhiteSpace(query.Search) ? null : query.Search.Trim(),
            ["status"] = query.Status?.ToString(),
            ["kind"] = query.FactorKind?.ToString(),
            ["sort"] = query.Sort == ResidentSort.Name ? null : query.Sort.ToString(),
            ["desc"] = query.Descending ? "true" : null,
        };
        return QueryHelpers.AddQueryString($"/manage/buildings/{query.BuildingId}/residents.csv",
            parameters.Where(p => p.Value is not null).Select(p => new KeyValuePair<string, string?>(p.Key, p.Value)));
    }
}
