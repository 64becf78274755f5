using ConnecXPortal.Domain.Security;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Factors.EmailCode;
using ConnecXPortal.Web.Features.Factors.Passkeys;
using ConnecXPortal.Web.Features.Factors.RecoveryCodes;
using ConnecXPortal.Web.Features.Factors.Totp;
using ConnecXPortal.Web.Features.Notifications;
using ConnecXPortal.Web.Features.Security;
using ConnecXPortal.Web.Features.SignIn;
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

        var secureCookies = !builder.Environment.IsDevelopment();
        services.AddAuthentication().AddCookie(PendingSignIns.Scheme, options =>
        {
            options.Cookie.Name = PendingSignIns.CookieName;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = secureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            options.ExpireTimeSpan = SecurityTimings.PendingSignIn;
            options.SlidingExpiration = false;
            options.LoginPath = SignInPaths.SignIn;
        });

        services.AddScoped<PendingSignIns>();
        services.AddScoped<SignInFlow>();
        services.AddScoped<SessionRevocation>();
        services.AddScoped<FactorService>();
        services.AddScoped<FactorChangeCommit>();
        services.AddScoped<AuthenticatorApp>();
        services.AddScoped<EmailCodes>();
        services.AddScoped<RecoveryCodeService>();
        services.AddScoped<SecondFactorVerifier>();
        services.AddScoped<StepUp>();
        services.AddScoped<StepUpDrafts>();
        services.AddScoped<SecurityNotificationEmails>();
        return builder;
    }

    public static WebApplication MapFactors(this WebApplication app)
    {
        app.MapPasskeyEndpoints();
        return app;
    }
}
