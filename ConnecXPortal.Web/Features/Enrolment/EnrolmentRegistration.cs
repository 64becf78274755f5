using ConnecXPortal.Web.Features.Invitations;

namespace ConnecXPortal.Web.Features.Enrolment;

internal static class EnrolmentRegistration
{
    public static IHostApplicationBuilder AddEnrolment(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<AccountLinks>();
        builder.Services.AddScoped<EnrolmentContext>();
        builder.Services.AddScoped<InvitationService>();
        return builder;
    }
}
