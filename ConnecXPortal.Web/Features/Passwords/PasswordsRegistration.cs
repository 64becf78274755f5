using ConnecXPortal.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ConnecXPortal.Web.Features.Passwords;

internal static class PasswordsRegistration
{
    public static IHostApplicationBuilder AddPasswords(this IHostApplicationBuilder builder)
    {
        // The portal's validator replaces Identity's (which has composition rules and no maximum).
        builder.Services.RemoveAll<IPasswordValidator<PortalUser>>();
        builder.Services.AddSingleton<CommonPasswords>();
        builder.Services.AddScoped<IPasswordValidator<PortalUser>, PortalPasswordValidator>();
        builder.Services.AddScoped<PasswordResets>();
        return builder;
    }
}
