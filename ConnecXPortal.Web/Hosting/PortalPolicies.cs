using ConnecXPortal.Domain.People;

namespace ConnecXPortal.Web.Hosting;

/// <summary>The authorisation policies every page and endpoint names in <c>[Authorize(Policy = …)]</c>.</summary>
public static class PortalPolicies
{
    public const string Resident = "Resident";
    public const string BuildingManager = "BuildingManager";
    public const string Support = "Support";

    /// <summary>Who may invite residents: support into any building, a building manager into their own.</summary>
    public const string Inviter = "Inviter";

    public static IServiceCollection AddPortalPolicies(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(Resident, p => p.RequireRole(PortalRoles.Resident))
            .AddPolicy(BuildingManager, p => p.RequireRole(PortalRoles.BuildingManager))
            .AddPolicy(Support, p => p.RequireRole(PortalRoles.Support))
            .AddPolicy(Inviter, p => p.RequireRole(PortalRoles.Support, PortalRoles.BuildingManager));
        return services;
    }
}
