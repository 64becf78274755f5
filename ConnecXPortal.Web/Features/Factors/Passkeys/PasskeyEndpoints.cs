using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Enrolment;
using ConnecXPortal.Web.Features.SignIn;
using ConnecXPortal.Web.Features.Throttling;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace ConnecXPortal.Web.Features.Factors.Passkeys;

/// <summary>
/// The WebAuthn options the browser asks for before <c>navigator.credentials.create()</c> or <c>.get()</c>. Identity
/// keeps the ceremony's challenge in its short-lived state cookie; the pages then post the browser's answer. Limited
/// per client address (a rate limiting policy) and, where the user is known, per account.
/// </summary>
internal static class PasskeyEndpoints
{
    public const string CreationOptionsPath = "/account/passkey/creation-options";
    public const string RequestOptionsPath = "/account/passkey/request-options";

    /// <summary>Who a passkey is requested for: anyone (sign-in page), the half-signed-in user, or the signed-in user.</summary>
    public const string ForSignIn = "sign-in";
    public const string ForChallenge = "challenge";
    public const string ForStepUp = "step-up";

    public static IEndpointRouteBuilder MapPasskeyEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(CreationOptionsPath, async Task<IResult> (
            HttpContext context, IAntiforgery antiforgery, EnrolmentContext enrolment, SignInManager<PortalUser> signInManager,
            Throttle throttle) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Expired();
            }

            // The wizard's rules, checked again now: a valid attempt (or a stepped-up session) whose mailbox is proved.
            var (enroller, _) = await enrolment.ResolveAsync(context, EnrolmentContext.PathOf(FactorKind.Passkey));
            if (enroller is null)
            {
                return NoUser();
            }

            var user = enroller.User;
            if (throttle.AttemptAccount(ThrottleAction.PasskeyOptions, Throttle.UserKey(user.Id)) is { Allowed: false } refused)
            {
                return ThrottleProblems.Result(refused);
            }

            if (enroller.NeedsMailboxProof(FactorKind.Passkey))
            {
                return TypedResults.Problem(title: "Confirm your email first.", detail: "Enter the code we emailed you, then create the passkey.",
                    statusCode: StatusCodes.Status403Forbidden, extensions: new Dictionary<string, object?> { ["code"] = "passkey-confirm-email" });
            }

            var json = await signInManager.MakePasskeyCreationOptionsAsync(new PasskeyUserEntity
            {
                Id = user.Id.ToString(),
                Name = user.Email!,
                DisplayName = user.DisplayName,
            });
            return TypedResults.Content(json, "application/json");
        }).RequireRateLimiting(ThrottlingRegistration.PasskeyOptionsPolicy);

        endpoints.MapPost(RequestOptionsPath, async Task<IResult> (
            HttpContext context, string? @for, IAntiforgery antiforgery, PendingSignIns pending, UserManager<PortalUser> users,
            SignInManager<PortalUser> signInManager, Throttle throttle) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Expired();
            }

            PortalUser? user = null;
            if (@for == ForChallenge)
            {
                user = (await pending.GetAsync()) is { Stage: PendingStage.Challenge } p ? p.User : null;
            }
            else if (@for == ForStepUp)
            {
                user = await users.GetUserAsync(context.User);
            }
            else if (@for != ForSignIn)
            {
                return TypedResults.Problem(title: "Unknown passkey request.", detail: "Use for=sign-in, challenge or step-up.",
                    statusCode: StatusCodes.Status400BadRequest, extensions: new Dictionary<string, object?> { ["code"] = "passkey-unknown-purpose" });
            }

            if (@for != ForSignIn && user is null)
            {
                return NoUser();
            }

            if (user is not null && throttle.AttemptAccount(ThrottleAction.PasskeyOptions, Throttle.UserKey(user.Id)) is { Allowed: false } refused)
            {
                return ThrottleProblems.Result(refused);
            }

            return TypedResults.Content(await signInManager.MakePasskeyRequestOptionsAsync(user), "application/json");
        }).RequireRateLimiting(ThrottlingRegistration.PasskeyOptionsPolicy);

        return endpoints;
    }

    private static ProblemHttpResult Expired() => TypedResults.Problem(
        title: "The page has expired.", detail: "Reload the page and try again.", statusCode: StatusCodes.Status400BadRequest,
        extensions: new Dictionary<string, object?> { ["code"] = "antiforgery" });

    private static ProblemHttpResult NoUser() => TypedResults.Problem(
        title: "Your sign-in has expired.", detail: "Sign in again to continue.", statusCode: StatusCodes.Status401Unauthorized,
        extensions: new Dictionary<string, object?> { ["code"] = "passkey-no-user" });
}
