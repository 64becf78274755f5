using Microsoft.Extensions.Options;

namespace ConnecXPortal.Web.Features.Retention;

internal static class RetentionRegistration
{
    public static IHostApplicationBuilder AddRetention(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RetentionOptions>()
            .BindConfiguration(RetentionOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<RetentionOptions>, RetentionOptionsValidator>();
        builder.Services.AddScoped<AuditRetention>();
        builder.Services.AddScoped<RetentionRunner>();
        builder.Services.AddHostedService<RetentionJob>();
        return builder;
    }
}
