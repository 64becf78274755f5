using System.Globalization;
using ConnecXPortal.Web.Features.Sessions;
using Microsoft.Extensions.Options;

namespace ConnecXPortal.Web.Features.AppApi;

internal static class AppApiRegistration
{
    public static IHostApplicationBuilder AddAppApi(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AppApiOptions>()
            .BindConfiguration(AppApiOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AppApiOptions>, AppApiOptionsValidator>();

        // The apps' absolute session lifetime is this API's setting; the server-side sessions enforce it. Read from the
        // key itself, so a bad value fails once, as AppApiOptions' own validation, naming the key.
        services.AddOptions<UserSessionOptions>().Configure<IConfiguration>((sessions, configuration) =>
        {
            if (TimeSpan.TryParse(configuration[$"{AppApiOptions.SectionName}:{nameof(AppApiOptions.SessionAbsoluteLifetime)}"], CultureInfo.InvariantCulture, out var lifetime))
            {
                sessions.AppAbsoluteLifetime = lifetime;
            }
        });

        services.AddSingleton<AppAccessTokens>();
        services.AddScoped<SignInTickets>();
        services.AddScoped<AppSessions>();
        services.AddRateLimiter(AppApiRateLimits.AddPolicies);

        // The contracts' attributes validate every request body; ahead of the default writer, so the failure is the
        // API's own problem shape.
        services.AddValidation();
        services.Insert(0, ServiceDescriptor.Singleton<IProblemDetailsWriter, AppValidationProblemWriter>());
        services.AddOpenApi(AppApiEndpoints.DocumentName, AppApiOpenApi.Configure);
        return builder;
    }

    /// <summary>The API's own error answers, for requests under its base path only.</summary>
    public static IApplicationBuilder UseAppApi(this IApplicationBuilder app) => app.UseWhen(
        context => context.Request.Path.StartsWithSegments(AppApiEndpoints.BasePath, StringComparison.OrdinalIgnoreCase),
        api => api.UseMiddleware<AppApiErrorMiddleware>());

    public static IEndpointRouteBuilder MapAppApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi(AppApiOpenApi.Path);
        endpoints.MapAppApiRoutes();
        return endpoints;
    }
}
