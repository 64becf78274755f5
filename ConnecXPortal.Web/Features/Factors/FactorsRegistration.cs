using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Factors.EmailCode;
using ConnecXPortal.Web.Features.Factors.Passkeys;
using ConnecXPortal.Web.Features.Factors.RecoveryCodes;
using ConnecXPortal.Web.Features.Factors.Totp;
using ConnecXPortal.Web.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ConnecXPortal.Web.Features.Factors;

internal static class FactorsRegistration
{
    public static IHostApplicationBuilder AddFactors(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<IdentityPasskeyOptions>().Configure<IOptions<PortalOptions>>((options, portal) =>
        {
            options.UserVerificationRequirement = "required";
            options.ResidentKeyRequirement = "preferred";
            PasskeyRelyingParty.Pin(options, portal.Value.PublicBaseUrl);
        });
        services.TryAddScoped<IPasskeyHandler<PortalUser>, PasskeyHandler<PortalUser>>();

        services.AddScoped<SecondFactors>();
        services.AddScoped<FactorChangeCommit>();
        services.AddScoped<AuthenticatorApp>();
        services.AddScoped<EmailCodes>();
        services.AddScoped<UserRecoveryCodes>();
        services.AddScoped<SecondFactorVerifier>();
        return builder;
    }
}
