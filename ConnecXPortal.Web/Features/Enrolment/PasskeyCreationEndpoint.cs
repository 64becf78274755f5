using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Factors.Passkeys;
using ConnecXPortal.Web.Features.Throttling;
using Microsoft.AspNetCore.Identity;

namespace ConnecXPortal.Web.Features.Enrolment;

/// <summary>The options for creating a passkey, for whoever the wizard (or a stepped-up session) says is enrolling.</summary>
internal static class PasskeyCreationEndpoint
{
    public static IEndpointRouteBuilder MapPasskeyCreationOptions(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(PasskeyEndpoints.CreationOptionsPath, async Task<IResult> (
            HttpContext context, EnrolmentContext enrolment, SignInManager<PortalUser> signInManager, Throttle throttle) =>
        {
            // The wizard's rules, checked again now: a valid attempt (or a stepped-up session) whose mailbox is proved.
            var (enroller, _) = await enrolment.ResolveAsync(context, EnrolmentContext.PathOf(FactorKind.Passkey));
            if (enroller is null)
            {
                return PasskeyEndpoints.NoUser();
            }

            var user = enroller.User;
            if (PasskeyEndpoints.AccountLimit(throttle, user) is { } refused)
            {
                return refused;
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
            return PasskeyEndpoints.Options(json);
        }).WithOptionsRules();

        return endpoints;
    }
}
