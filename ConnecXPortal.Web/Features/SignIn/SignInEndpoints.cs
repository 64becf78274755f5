using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Audit;
using ConnecXPortal.Web.Features.Sessions;
using ConnecXPortal.Web.Hosting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace ConnecXPortal.Web.Features.SignIn;

internal static class SignInEndpoints
{
    public static IEndpointRouteBuilder MapSignIn(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPasskeyRequestOptions();

        // A form post with an antiforgery token, never a link: a GET would let another site sign people out.
        endpoints.MapPost(SignInPaths.SignOut, async Task<IResult> (
            HttpContext context,
            IAntiforgery antiforgery,
            SignInManager<PortalUser> signInManager,
            UserManager<PortalUser> users,
            ServerSessions sessions,
            AuditLog audit) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return TypedResults.Problem(
                    title: "The sign-out request has expired.",
                    detail: "Reload the page and choose Sign out again.",
                    statusCode: StatusCodes.Status400BadRequest);
            }

            var user = await users.GetUserAsync(context.User);
            if (SessionCookie.SessionIdOf(context.User) is { } sessionId)
            {
                await sessions.EndOnSignOutAsync(sessionId);
            }

            await signInManager.SignOutAsync();
            await context.SignOutAsync(PendingSignIns.Scheme);
            if (user is not null)
            {
                await audit.RecordAsync(AuditEntry.BySelf(AuditEventTypes.SignedOut, user));
            }

            return TypedResults.LocalRedirect($"{SignInPaths.SignIn}?reason={SignInMessages.SignedOut}");
        });

        return endpoints;
    }
}
