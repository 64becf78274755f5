using System.Security.Claims;
using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Audit;
using Microsoft.AspNetCore.Identity;

namespace ConnecXPortal.Web.Features.SignIn;

/// <summary>
/// The one place a portal sign-in finishes, whatever the path (password, password and a factor, passkey): the failed
/// attempt counter resets, the cookie is issued with how the user verified, and the event is audited.
/// </summary>
public sealed class SignInCompletion(
    SignInManager<PortalUser> signInManager,
    UserManager<PortalUser> users,
    AuditLog audit)
{
    public async Task CompleteAsync(PortalUser user, SignInMethod method)
    {
        await users.ResetAccessFailedCountAsync(user);
        await signInManager.SignInWithClaimsAsync(user, isPersistent: false,
            [new Claim(PortalClaimTypes.SignInMethod, method.ToString())]);
        await audit.RecordAsync(AuditEntry.BySelf(AuditEventTypes.SignInSucceeded, user) with { Details = method.DisplayName() });
    }
}
