using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ConnecXPortal.Web.Features.AppApi;

/// <summary>
/// Per-IP limits on the calls that check secrets (password, codes), send email, or refresh: they slow down credential
/// stuffing across many accounts, which the per-account lockout cannot see. Limits are per address, and several
/// residents of one building may share one, so they are generous (AppApi:SignInPermitLimit, AppApi:RefreshPermitLimit).
/// </summary>
internal static class AppApiRateLimits
{
    public const string SignIn = "app-api-sign-in";
    public const string Refresh = "app-api-refresh";

    public static RateLimitPartition<string> Partition(HttpContext context, int permitLimit, TimeSpan window) =>
        RateLimitPartition.GetFixedWindowLimiter(
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permitLimit, Window = window, QueueLimit = 0, AutoReplenishment = true });

    public static ValueTask Rejected(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? (int)Math.Ceiling(retryAfter.TotalSeconds)
            : 60;
        var detail = $"There have been too many attempts from your network. Try again in {seconds} seconds.";
        var problem = AppProblems.Create(AppError.TooManyAttempts, detail) with { RetryAfter = seconds };
        return new ValueTask(AppProblems.WriteAsync(context.HttpContext, problem));
    }
}

internal sealed class SignInRateLimitPolicy(IOptions<AppApiOptions> options) : IRateLimiterPolicy<string>
{
    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => AppApiRateLimits.Rejected;

    public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
        AppApiRateLimits.Partition(httpContext, options.Value.SignInPermitLimit, options.Value.RateLimitWindow);
}

internal sealed class RefreshRateLimitPolicy(IOptions<AppApiOptions> options) : IRateLimiterPolicy<string>
{
    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => AppApiRateLimits.Rejected;

    public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
        AppApiRateLimits.Partition(httpContext, options.Value.RefreshPermitLimit, options.Value.RateLimitWindow);
}
