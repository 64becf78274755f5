using System.Globalization;
using System.Threading.RateLimiting;
using ConnecXPortal.Web.Features.Observability;
using Microsoft.Extensions.Options;

namespace ConnecXPortal.Web.Features.Throttling;

/// <summary>What a limit counts. Each has its own buckets, so flooding one path does not close the others.</summary>
public enum ThrottleAction
{
    SignIn,
    SecondFactor,
    EmailCodes,
    AccountLinks,
    AccountEmails,
    PasskeyOptions,
    Invitations,
    AppRefresh,
}

public enum ThrottleScope
{
    Account,
    Address,
}

/// <summary>One bucket: an action, and the account or client address (see <see cref="ClientAddresses.PartitionKey"/>) it counts for.</summary>
public readonly record struct ThrottleKey(ThrottleAction Action, ThrottleScope Scope, string Value);

/// <summary>Whether a request may go ahead and, when not, how long until it may.</summary>
public readonly record struct ThrottleVerdict(bool Allowed, TimeSpan RetryAfter)
{
    public static ThrottleVerdict Allow { get; } = new(true, TimeSpan.Zero);

    /// <summary>Whole seconds to wait, at least 1 (for Retry-After and <c>retryAfter</c>).</summary>
    public int RetryAfterSeconds => Math.Max(1, (int)Math.Ceiling(RetryAfter.TotalSeconds));

    /// <summary>What the portal's forms say: "Too many attempts. Try again in 2 minutes."</summary>
    public string Message => $"Too many attempts. Try again in {Wait(RetryAfter)}.";

    /// <summary>"1 minute", "2 minutes": whole minutes, rounded up, at least one.</summary>
    public static string Wait(TimeSpan wait)
    {
        var minutes = Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes));
        return minutes == 1 ? "1 minute" : $"{minutes.ToString(CultureInfo.InvariantCulture)} minutes";
    }

    /// <summary>Makes a refused form post answer 429 with Retry-After (the page itself still renders the form and the message).</summary>
    public void ApplyTo(HttpContext? context)
    {
        if (!Allowed && context is { Response.HasStarted: false })
        {
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        }
    }
}

/// <summary>
/// The limits checked where the account is only known after reading the form or body (the portal's forms, the app
/// API's account limits, email codes, invitations), with System.Threading.RateLimiting token buckets, one per
/// <see cref="ThrottleKey"/>, held in memory by each instance. The client address is limited before the account, so a
/// refused address spends none of an account's allowance.
/// </summary>
public sealed class Throttle : IDisposable
{
    private readonly IOptions<RateLimitOptions> options;
    private readonly IHttpContextAccessor httpContextAccessor;
    private readonly ILogger<Throttle> logger;
    private readonly PortalMetrics metrics;
    private readonly PartitionedRateLimiter<ThrottleKey> limiter;

    public Throttle(IOptions<RateLimitOptions> options, IHttpContextAccessor httpContextAccessor, ILogger<Throttle> logger, PortalMetrics metrics)
    {
        this.metrics = metrics;
        this.options = options;
        this.httpContextAccessor = httpContextAccessor;
        this.logger = logger;
        limiter = PartitionedRateLimiter.Create<ThrottleKey, ThrottleKey>(key =>
            RateLimitPartition.GetTokenBucketLimiter(key, k => Bucket(LimitOf(options.Value, k.Action, k.Scope))));
    }

    /// <summary>The normalised account key of an email address (as typed: unknown addresses are limited like known ones).</summary>
    public static string EmailKey(string email) => email.Trim().ToUpperInvariant();

    public static string UserKey(Guid userId) => userId.ToString("N");

    /// <summary>Counts a request from the current client address and, when given, for <paramref name="account"/>.</summary>
    public ThrottleVerdict Attempt(ThrottleAction action, string? account)
    {
        var address = AttemptAddress(action);
        return address.Allowed && account is not null ? AttemptAccount(action, account) : address;
    }

    /// <summary>Counts a request from the current request's (or circuit's) client address.</summary>
    public ThrottleVerdict AttemptAddress(ThrottleAction action) =>
        Acquire(new ThrottleKey(action, ThrottleScope.Address, ClientAddresses.PartitionKey(ClientAddresses.Current(httpContextAccessor))));

    /// <summary>Counts a request for <paramref name="account"/> only (its address was limited by a rate limiting policy).</summary>
    public ThrottleVerdict AttemptAccount(ThrottleAction action, string account) =>
        Acquire(new ThrottleKey(action, ThrottleScope.Account, account));

    /// <summary>The token bucket of a limit: a burst of <paramref name="limit"/>, then one more every window / limit.</summary>
    internal static TokenBucketRateLimiterOptions Bucket((int Limit, TimeSpan Window) limit) => new()
    {
        TokenLimit = limit.Limit,
        TokensPerPeriod = 1,
        ReplenishmentPeriod = limit.Window / limit.Limit,
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    internal static (int Limit, TimeSpan Window) LimitOf(RateLimitOptions options, ThrottleAction action, ThrottleScope scope)
    {
        var perAccount = scope == ThrottleScope.Account;
        return action switch
        {
            ThrottleAction.SignIn => Of(options.SignIn, perAccount),
            ThrottleAction.SecondFactor => Of(options.SecondFactor, perAccount),
            ThrottleAction.EmailCodes => Of(options.EmailCodes, perAccount),
            ThrottleAction.AccountLinks => Of(options.AccountLinks, perAccount),
            ThrottleAction.PasskeyOptions => Of(options.PasskeyOptions, perAccount),
            ThrottleAction.AccountEmails when !perAccount => (options.AccountEmails.PerAddress, options.AccountEmails.Window),
            ThrottleAction.Invitations when perAccount => (options.Invitations.PerInviter, options.Invitations.Window),
            ThrottleAction.AppRefresh when !perAccount => (options.AppRefresh.PerAddress, options.AppRefresh.Window),
            _ => throw new ArgumentOutOfRangeException(nameof(scope), scope, $"{action} has no per-{scope} limit."),
        };

        static (int, TimeSpan) Of(RateLimit limit, bool perAccount) => (perAccount ? limit.PerAccount : limit.PerAddress, limit.Window);
    }

    public void Dispose() => limiter.Dispose();

    private ThrottleVerdict Acquire(ThrottleKey key)
    {
        using var lease = limiter.AttemptAcquire(key);
        if (lease.IsAcquired)
        {
            return ThrottleVerdict.Allow;
        }

        var (_, window) = LimitOf(options.Value, key.Action, key.Scope);
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : window;
        logger.LogWarning("Refused a {Action} request: the per-{Scope} limit is reached.", key.Action, key.Scope);
        metrics.RateLimitRejected(PortalMetrics.Tag(key.Action), PortalMetrics.Tag(key.Scope));
        return new ThrottleVerdict(false, retryAfter);
    }
}
