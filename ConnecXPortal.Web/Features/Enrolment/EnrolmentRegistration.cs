using ConnecXPortal.Web.Features.Invitations;

namespace ConnecXPortal.Web.Features.Enrolment;

internal static class EnrolmentRegistration
{
    public static IHostApplicationBuilder AddEnrolment(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<EnrolmentContext>();
        builder.Services.AddScoped<ResidentInvitations>();
        return builder;
    }

    public static IEndpointRouteBuilder MapEnrolment(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPasskeyCreationOptions();
        return endpoints;
    }
}
