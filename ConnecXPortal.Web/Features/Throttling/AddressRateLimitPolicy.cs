using System.Globalization;
using System.Threading.RateLimiting;
using ConnecXPortal.Web.Features.Observability;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ConnecXPortal.Web.Features.Throttling;

/// <summary>
/// An ASP.NET Core rate limiting policy that limits an endpoint per client address (known before the endpoint runs),
/// with the same token buckets and limits as <see cref="Throttle"/>. Each policy answers a refusal its own way.
/// </summary>
internal sealed class AddressRateLimitPolicy(ThrottleAction action, Func<OnRejectedContext, CancellationToken, ValueTask> onRejected)
    : IRateLimiterPolicy<ThrottleKey>
{
    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => (context, cancellationToken) =>
    {
        context.HttpContext.RequestServices.GetRequiredService<PortalMetrics>()
            .RateLimitRejected(PortalMetrics.Tag(action), PortalMetrics.Tag(ThrottleScope.Address));
        return onRejected(context, cancellationToken);
    };

    public RateLimitPartition<ThrottleKey> GetPartition(HttpContext httpContext)
    {
        var options = httpContext.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        var key = new ThrottleKey(action, ThrottleScope.Address, ClientAddresses.PartitionKey(httpContext.Connection.RemoteIpAddress));
        return RateLimitPartition.GetTokenBucketLimiter(key, k => Throttle.Bucket(Throttle.LimitOf(options, k.Action, k.Scope)));
    }

    /// <summary>How long the refused request should wait, from the lease (at least one second).</summary>
    public static TimeSpan RetryAfterOf(OnRejectedContext context) =>
        context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) && wait > TimeSpan.Zero ? wait : TimeSpan.FromMinutes(1);

    /// <summary>A refusal of one of the portal's JSON endpoints, as <see cref="ThrottleProblems"/> writes it.</summary>
    public static async ValueTask WriteProblemAsync(OnRejectedContext context, CancellationToken cancellationToken) =>
        await ThrottleProblems.Result(new ThrottleVerdict(false, RetryAfterOf(context))).ExecuteAsync(context.HttpContext);
}

/// <summary>
/// A refusal of one of the portal's JSON endpoints: 429, Retry-After, and a problem details body with <c>code</c>
/// too_many_attempts and <c>retryAfter</c> in seconds; the page shows its title and detail.
/// </summary>
public static class ThrottleProblems
{
    public const string Code = "too_many_attempts";

    public static IResult Result(ThrottleVerdict verdict) => new Refusal(verdict);

    private sealed class Refusal(ThrottleVerdict verdict) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = verdict.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            httpContext.Response.Headers.CacheControl = "no-store";
            return TypedResults.Problem(
                    title: "Too many attempts.",
                    detail: $"Try again in {ThrottleVerdict.Wait(verdict.RetryAfter)}.",
                    statusCode: StatusCodes.Status429TooManyRequests,
                    extensions: new Dictionary<string, object?> { ["code"] = Code, ["retryAfter"] = verdict.RetryAfterSeconds })
                .ExecuteAsync(httpContext);
        }
    }
}
