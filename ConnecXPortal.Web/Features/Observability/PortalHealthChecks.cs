using System.Text.Json;
using ConnecXPortal.Web.Data;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ConnecXPortal.Web.Features.Observability;

/// <summary>
/// /health/live (the process answers; no check runs) and /health/ready (the database answers, every migration is
/// applied, and email can be sent: Notifications adds that check). README.md says what each state means to a load balancer.
/// </summary>
public static class PortalHealthChecks
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";
    public const string ReadyTag = "ready";

    internal static void Add(IServiceCollection services) =>
        services.AddHealthChecks()
            .AddDbContextCheck<PortalDbContext>("database", tags: [ReadyTag])
            .AddCheck<MigrationsHealthCheck>("migrations", tags: [ReadyTag]);

    /// <summary>
    /// Answers the two paths before anything else in the pipeline: no sign-in redirect, pending sign-in gate, audit,
    /// rate limit, HTTPS redirect or request log touches a probe that comes every few seconds.
    /// </summary>
    internal static void Use(WebApplication app)
    {
        app.UseHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        app.UseHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync });
    }

    /// <summary>
    /// The status and each check's status and description. Only the portal's own descriptions are written: an
    /// exception's message (which can carry a connection string or a server name) never is.
    /// </summary>
    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.Select(e => new
            {
                name = e.Key,
                status = e.Value.Status.ToString(),
                description = e.Value.Exception is null ? e.Value.Description ?? DefaultDescription(e.Value.Status) : $"The {e.Key} check failed.",
            }),
        };
        return JsonSerializer.SerializeAsync(context.Response.Body, body, JsonOptions, context.RequestAborted);
    }

    private static string DefaultDescription(HealthStatus status) => status == HealthStatus.Healthy ? "Healthy." : "Not healthy.";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}

/// <summary>Ready only when the database has every migration this build knows: an older schema breaks requests.</summary>
internal sealed class MigrationsHealthCheck(PortalDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
            return pending == 0
                ? HealthCheckResult.Healthy("Every migration is applied.")
                : new HealthCheckResult(context.Registration.FailureStatus, $"{pending} migrations are not applied yet.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "The migration history could not be read.");
        }
    }
}
