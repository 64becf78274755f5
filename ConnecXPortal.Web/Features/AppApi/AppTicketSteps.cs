using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Domain.Sessions;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Audit;
using ConnecXPortal.Web.Features.Factors;
using ConnecXPortal.Web.Features.Factors.EmailCode;
using ConnecXPortal.Web.Features.Factors.Totp;
using ConnecXPortal.Web.Features.Sessions;
using ConnecXPortal.Web.Features.Throttling;
using Microsoft.EntityFrameworkCore;

namespace ConnecXPortal.Web.Features.AppApi;

/// <summary>The steps every flow after the password shares: read the ticket, count an attempt, email a code.</summary>
internal static class AppTicketSteps
{
    public static async Task<(SignInTicket? Ticket, PortalUser? User, AppProblem? Problem)> ReadTicketAsync(
        string value,
        HttpContext http,
        SignInTickets tickets)
    {
        var (ticket, user, error) = await tickets.ReadAsync(value, AppClient.Of(http));
        return error switch
        {
            null => (ticket, user, null),
            AppError.TicketExpired => (null, null, AppProblems.Create(AppError.TicketExpired, SignInMessages.For(SignInMessages.SignInExpired)!)),
            _ => (null, null, UsedTicket()),
        };
    }

    /// <summary>Counts a second-factor step for the ticket's account; the problem to answer once its limit is reached.</summary>
    public static AppProblem? SecondFactorAttempt(HttpContext http, PortalUser user) =>
        http.RequestServices.GetRequiredService<Throttle>().AttemptAccount(ThrottleAction.SecondFactor, Throttle.UserKey(user.Id)) is { Allowed: false } refused
            ? AppApiRateLimits.TooManyAttempts(refused)
            : null;

    public static async Task<IResult> SendAsync(EmailCodes emailCodes, PortalUser user, SignInTicket ticket, EmailCodePurpose purpose, CancellationToken cancellationToken)
    {
        var sent = await emailCodes.SendAsync(user, ticket.AttemptId, purpose, cancellationToken);
        if (sent.Throttled)
        {
            return AppApiRateLimits.TooManyAttempts(new ThrottleVerdict(false, sent.WaitFor!.Value)).ToResult();
        }

        if (!sent.Sent)
        {
            var wait = (int)Math.Ceiling(sent.WaitFor!.Value.TotalSeconds);
            return (AppProblems.Create(AppError.TooManyCodes, EmailCodeTiming.WaitMessage(sent.WaitFor.Value)) with { RetryAfter = wait }).ToResult();
        }

        return TypedResults.Json(
            new CodeSentResponse((int)EmailCodePolicy.Lifetime.TotalSeconds, (int)EmailCodePolicy.ResendAfter.TotalSeconds),
            statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary>An emailed code that expired or was replaced by a newer one.</summary>
    public static AppProblem CodeExpired() =>
        AppProblems.Create(AppError.CodeExpired, "That code has expired or was replaced by a newer one. Send a new code and enter it.");

    /// <summary>The answer to an emailed code that was not accepted: wrong, or no longer usable.</summary>
    public static AppProblem CodeRefused(EmailCodeCheck check) =>
        check == EmailCodeCheck.Wrong ? AppProblems.Create(AppError.InvalidCode, SecondFactorVerifier.WrongCode) : CodeExpired();

    public static AppProblem UsedTicket() =>
        AppProblems.Create(AppError.InvalidTicket, "This sign-in is not valid on this device any more. Sign in again.");

    public static AppProblem EnrolmentRequired() =>
        AppProblems.Create(AppError.EnrolmentRequired, "This account has no second factor yet. Set one up with the enrolment calls.");
}
