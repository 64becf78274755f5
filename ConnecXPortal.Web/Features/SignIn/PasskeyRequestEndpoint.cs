using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Factors.Passkeys;
using ConnecXPortal.Web.Features.Throttling;
using Microsoft.AspNetCore.Identity;

namespace ConnecXPortal.Web.Features.SignIn;

/// <summary>The options for using a passkey: for anyone (sign-in page), the half-signed-in user, or the signed-in user.</summary>
internal static class PasskeyRequestEndpoint
{
    public static IEndpointRouteBuilder MapPasskeyRequestOptions(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(PasskeyEndpoints.RequestOptionsPath, async Task<IResult> (
            HttpContext context, string? @for, PendingSignIns pending, UserManager<PortalUser> users,
            SignInManager<PortalUser> signInManager, Throttle throttle) =>
        {
            PortalUser? user = null;
            if (@for == PasskeyEndpoints.ForChallenge)
            {
                user = (await pending.GetAsync()) is { Stage: PendingStage.Challenge } p ? p.User : null;
            }
            else if (@for == PasskeyEndpoints.ForStepUp)
            {
                user = await users.GetUserAsync(context.User);
            }
            else if (@for != PasskeyEndpoints.ForSignIn)
            {
                return TypedResults.Problem(title: "Unknown passkey request.", detail: "Use for=sign-in, challenge or step-up.",
                    statusCode: StatusCodes.Status400BadRequest, extensions: new Dictionary<string, object?> { ["code"] = "passkey-unknown-purpose" });
            }

            if (@for != PasskeyEndpoints.ForSignIn && user is null)
            {
                return PasskeyEndpoints.NoUser();
            }

            if (user is not null && PasskeyEndpoints.AccountLimit(throttle, user) is { } refused)
            {
                return refused;
            }

            return PasskeyEndpoints.Options(await signInManager.MakePasskeyRequestOptionsAsync(user));
        }).WithOptionsRules();

        return endpoints;
    }
}
