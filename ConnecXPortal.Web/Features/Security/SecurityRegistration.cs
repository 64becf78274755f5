namespace ConnecXPortal.Web.Features.Security;

internal static class SecurityRegistration
{
    public static IHostApplicationBuilder AddSecurity(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<StepUp>();
        builder.Services.AddScoped<StepUpDrafts>();
        return builder;
    }
}
