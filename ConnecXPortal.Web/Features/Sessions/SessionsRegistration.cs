using ConnecXPortal.Web.Features.Observability;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ConnecXPortal.Web.Features.Sessions;

internal static class SessionsRegistration
{
    public static IHostApplicationBuilder AddSessions(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<UserSessionOptions>()
            .BindConfiguration(UserSessionOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.PortalIdleTimeout <= o.PortalLifetime,
                "Sessions:PortalIdleTimeout must not be longer than Sessions:PortalLifetime.")
            .ValidateOnStart();

        services.AddScoped<ServerSessions>();
        services.AddScoped<CircuitSession>();
        services.AddScoped<SessionRevocation>();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<CircuitHandler, SessionActivityCircuitHandler>());

        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .PostConfigure<IOptions<UserSessionOptions>>((cookie, sessions) => SessionCookie.Configure(cookie, sessions.Value));
        services.Configure<SecurityStampValidatorOptions>(SessionCookie.KeepClaimsOnRefresh);
        return builder;
    }

    /// <summary>After authentication: the portal session id of the cookie, when there is one, joins the request's log lines.</summary>
    public static IApplicationBuilder UseSessionInLogs(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (SessionCookie.SessionIdOf(context.User) is { } sessionId)
        {
            RequestLogScope.SetSession(context, sessionId);
        }

        return next(context);
    });
}
