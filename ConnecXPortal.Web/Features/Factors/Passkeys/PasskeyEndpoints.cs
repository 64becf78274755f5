using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Throttling;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConnecXPortal.Web.Features.Factors.Passkeys;

/// <summary>
/// The addresses and answers of the WebAuthn options the browser asks for before <c>navigator.credentials.create()</c>
/// (mapped by Enrolment, which knows who is enrolling) or <c>.get()</c> (mapped by SignIn, which knows who is signing
/// in). Identity keeps the ceremony's challenge in its short-lived state cookie; the pages then post the browser's
/// answer. Limited per client address (a rate limiting policy) and, where the user is known, per account.
/// </summary>
internal static class PasskeyEndpoints
{
    public const string CreationOptionsPath = "/account/passkey/creation-options";
    public const string RequestOptionsPath = "/account/passkey/request-options";

    /// <summary>Who a passkey is requested for: anyone (sign-in page), the half-signed-in user, or the signed-in user.</summary>
    public const string ForSignIn = "sign-in";
    public const string ForChallenge = "challenge";
    public const string ForStepUp = "step-up";

    /// <summary>
    /// What both options endpoints require before their handler runs: the client address's rate limit, then a valid
    /// antiforgery token.
    /// </summary>
    public static RouteHandlerBuilder WithOptionsRules(this RouteHandlerBuilder route) => route
        .AddEndpointFilter(async (invocation, next) =>
            await invocation.HttpContext.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(invocation.HttpContext)
                ? await next(invocation)
                : Expired())
        .RequireRateLimiting(ThrottlingRegistration.PasskeyOptionsPolicy);

    /// <summary>The answer once <paramref name="user"/>'s account has asked for options too often, or null.</summary>
    public static IResult? AccountLimit(Throttle throttle, PortalUser user) =>
        throttle.AttemptAccount(ThrottleAction.PasskeyOptions, Throttle.UserKey(user.Id)) is { Allowed: false } refused
            ? ThrottleProblems.Result(refused)
            : null;

    /// <summary>Identity's options JSON, as the browser's WebAuthn call takes it.</summary>
    public static IResult Options(string json) => TypedResults.Content(json, "application/json");

    /// <summary>The antiforgery token did not match: the page is older than its token.</summary>
    public static ProblemHttpResult Expired() => TypedResults.Problem(
        title: "The page has expired.", detail: "Reload the page and try again.", statusCode: StatusCodes.Status400BadRequest,
        extensions: new Dictionary<string, object?> { ["code"] = "antiforgery" });

    /// <summary>Nobody to make options for: the half-signed-in or wizard state has gone.</summary>
    public static ProblemHttpResult NoUser() => TypedResults.Problem(
        title: "Your sign-in has expired.", detail: "Sign in again to continue.", statusCode: StatusCodes.Status401Unauthorized,
        extensions: new Dictionary<string, object?> { ["code"] = "passkey-no-user" });
}
