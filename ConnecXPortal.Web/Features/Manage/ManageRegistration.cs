using ConnecXPortal.Web.Features.Announcements;
using ConnecXPortal.Web.Features.Manage.Dashboard;
using ConnecXPortal.Web.Features.Manage.Reminders;

namespace ConnecXPortal.Web.Features.Manage;

internal static class ManageRegistration
{
    public static IHostApplicationBuilder AddManage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<ManagedBuildings>();
        builder.Services.AddScoped<IBuildingManagerCheck>(sp => sp.GetRequiredService<ManagedBuildings>());
        builder.Services.AddSingleton<EnrolmentDashboard>();
        builder.Services.AddScoped<EnrolmentReminders>();
        return builder;
    }

    public static IEndpointRouteBuilder MapManage(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapResidentExport();
        return endpoints;
    }
}
