using Microsoft.AspNetCore.HttpLogging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ConnecXPortal.Web.Features.Observability;

internal static class ObservabilityRegistration
{
    /// <summary>The standard OpenTelemetry setting; without it nothing is exported.</summary>
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static IHostApplicationBuilder AddObservability(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<PortalMetrics>();
        PortalHealthChecks.Add(services);
        AddLogging(builder);

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_SERVICE_NAME"]))
                {
                    resource.AddService("connecx-portal");
                }
            })
            .WithMetrics(metrics => metrics
                .AddMeter(PortalMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation())
            .WithTracing(tracing => tracing
                .AddSource(PortalActivities.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddEntityFrameworkCoreInstrumentation());
        if (!string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointKey]))
        {
            // Endpoint, protocol, headers and service name come from the standard OTEL_* settings.
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>First in the pipeline: the health endpoints, then the request's log scope and the request log.</summary>
    public static WebApplication UseObservability(this WebApplication app)
    {
        PortalHealthChecks.Use(app);
        RequestLogScope.UseRequestLogScope(app);
        app.UseHttpLogging();
        return app;
    }

    private static void AddLogging(IHostApplicationBuilder builder)
    {
        if (builder.Environment.IsProduction())
        {
            // One JSON object a line, with the request's scope (trace id, session id), for the log collector.
            builder.Logging.AddJsonConsole(json =>
            {
                json.IncludeScopes = true;
                json.UseUtcTimestamp = true;
                json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }

        // Hosting's own request lines carry the whole URL, query string included (activation and reset links):
        // the HTTP logging middleware writes the request line instead, with the query string redacted.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);

        // At Debug and Trace these write what flows through a Blazor circuit, which includes what people type.
        builder.Logging.AddFilter("Microsoft.AspNetCore.SignalR", LogLevel.Information);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Http.Connections", LogLevel.Information);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Components", LogLevel.Information);

        builder.Services.AddHttpLogging(logging =>
        {
            logging.LoggingFields = HttpLoggingFields.RequestMethod | HttpLoggingFields.RequestPath | HttpLoggingFields.RequestQuery
                | HttpLoggingFields.RequestProtocol | HttpLoggingFields.ResponseStatusCode | HttpLoggingFields.Duration;
            logging.CombineLogs = true;
        });
        builder.Services.AddHttpLoggingInterceptor<RedactingHttpLoggingInterceptor>();
    }
}
