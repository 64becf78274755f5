using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace ConnecXPortal.Web.Features.Throttling;

internal static class ThrottlingRegistration
{
    /// <summary>The rate limiting policy of the passkey options endpoints (per client address).</summary>
    public const string PasskeyOptionsPolicy = "passkey-options";

    public static IHostApplicationBuilder AddThrottling(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>();
        services.AddOptions<ForwardedHeadersSettings>().BindConfiguration(ForwardedHeadersSettings.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ForwardedHeadersSettings>, ForwardedHeadersSettingsValidator>();
        services.AddOptions<ForwardedHeadersOptions>()
            .Configure<IOptions<ForwardedHeadersSettings>>((options, settings) => ClientAddresses.Configure(options, settings.Value));

        services.AddHttpContextAccessor();
        services.AddSingleton<Throttle>();
        services.AddSingleton<ThrottleSlots>();
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(PasskeyOptionsPolicy, new AddressRateLimitPolicy(ThrottleAction.PasskeyOptions, AddressRateLimitPolicy.WriteProblemAsync));
        });
        return builder;
    }

    /// <summary>First in the pipeline: the client address every later step (limits, audit, sessions) sees.</summary>
    public static WebApplication UseClientAddresses(this WebApplication app)
    {
        app.UseForwardedHeaders();
        return app;
    }

    /// <summary>The rate limiting policies of the endpoints that have one (the app API, the passkey options).</summary>
    public static WebApplication UseThrottling(this WebApplication app)
    {
        app.UseRateLimiter();
        return app;
    }
}
