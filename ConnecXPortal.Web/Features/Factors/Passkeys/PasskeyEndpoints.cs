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

    /// <summary>The antiforgery token did not match: the page is older than its token.</summary>
    public static ProblemHttpResult Expired() => TypedResults.Problem(
        title: "The page has expired.", detail: "Reload the page and try again.", statusCode: StatusCodes.Status400BadRequest,
        extensions: new Dictionary<string, object?> { ["code"] = "antiforgery" });

    /// <summary>Nobody to make options for: the half-signed-in or wizard state has gone.</summary>
    public static ProblemHttpResult NoUser() => TypedResults.Problem(
        title: "Your sign-in has expired.", detail: "Sign in again to continue.", statusCode: StatusCodes.Status401Unauthorized,
        extensions: new Dictionary<string, object?> { ["code"] = "passkey-no-user" });
}
