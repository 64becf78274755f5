using ConnecXPortal.Web.Features.Throttling;
using Microsoft.AspNetCore.RateLimiting;

namespace ConnecXPortal.Web.Features.AppApi;

/// <summary>
/// The app API's limits, the portal's scheme (Features/Throttling): each call is limited per client address by an
/// ASP.NET Core rate limiting policy before it runs, and per account (the email, or the ticket's user) once the body
/// is read, in the same buckets as the portal's forms. Emailed codes are limited where they are sent (EmailCodes).
/// </summary>
internal static class AppApiRateLimits
{
    public const string SignIn = "app-api-sign-in";
    public const string SecondFactor = "app-api-second-factor";
    public const string Refresh = "app-api-refresh";

    public static void AddPolicies(RateLimiterOptions options)
    {
        options.AddPolicy(SignIn, new AddressRateLimitPolicy(ThrottleAction.SignIn, RejectedAsync));
        options.AddPolicy(SecondFactor, new AddressRateLimitPolicy(ThrottleAction.SecondFactor, RejectedAsync));
        options.AddPolicy(Refresh, new AddressRateLimitPolicy(ThrottleAction.AppRefresh, RejectedAsync));
    }

    /// <summary>429 <c>too_many_attempts</c> with <c>retryAfter</c> (and Retry-After) for a refused account or address.</summary>
    public static AppProblem TooManyAttempts(ThrottleVerdict verdict)
    {
        var problem = AppProblems.Create(AppError.TooManyAttempts, $"There have been too many attempts. Try again in {ThrottleVerdict.Wait(verdict.RetryAfter)}.");
        return problem with { RetryAfter = verdict.RetryAfterSeconds };
    }

    private static ValueTask RejectedAsync(OnRejectedContext context, CancellationToken cancellationToken) =>
        new(AppProblems.WriteAsync(context.HttpContext, TooManyAttempts(new ThrottleVerdict(false, AddressRateLimitPolicy.RetryAfterOf(context)))));
}
