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

    public static WebApplication MapAppApi(this WebApplication app)
    {
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments(AppApiEndpoints.BasePath, StringComparison.OrdinalIgnoreCase),
            api => api.UseMiddleware<AppApiErrorMiddleware>());
        app.MapOpenApi(AppApiOpenApi.Path);
        app.MapAppApiEndpoints();
        return app;
    }
}
