using ConnecXPortal.Web.Features.Support.Log;
using ConnecXPortal.Web.Features.Support.Users;

namespace ConnecXPortal.Web.Features.Support;

internal static class SupportRegistration
{
    public static IHostApplicationBuilder AddSupport(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<UserSearch>();
        builder.Services.AddScoped<SupportUsers>();
        builder.Services.AddScoped<SupportActions>();
        builder.Services.AddScoped<SteppedUpActions>();
        builder.Services.AddSingleton<AuditSearch>();
        return builder;
    }
}
