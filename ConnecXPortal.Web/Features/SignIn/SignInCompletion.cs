using System.Security.Claims;
using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Audit;
using ConnecXPortal.Web.Features.Security;
using Microsoft.AspNetCore.Identity;

namespace ConnecXPortal.Web.Features.SignIn;

/// <summary>
/// The one place a portal sign-in finishes, whatever the path (password, password and a factor, passkey): the failed
/// attempt counter resets, the cookie is issued with how the user verified, and the event is audited.
/// </summary>
public sealed class SignInCompletion(
    SignInManager<PortalUser> signInManager,
    UserManager<PortalUser> users,
    AuditLog audit,
    StepUp stepUp)
{
    public async Task CompleteAsync(PortalUser user, SignInMethod method)
    {
        await users.ResetAccessFailedCountAsync(user);
        var signInId = Guid.NewGuid();
        await signInManager.SignInWithClaimsAsync(user, isPersistent: false,
            [new Claim(PortalClaimTypes.SignInMethod, method.ToString()), new Claim(PortalClaimTypes.SignInId, signInId.ToString())]);
        if (method.IsMultiFactor())
        {
            // The second factor just verified also counts as a step-up for the first minutes of the session.
            stepUp.Add(user.Id, signInId);
        }

        await audit.RecordAsync(AuditEntry.BySelf(AuditEventTypes.SignInSucceeded, user) with { Details = method.DisplayName() });
    }

    /// <summary>
    /// Re-issues the current session's cookie after the user changed their own password (which changes the security
    /// stamp and so ends every session): this session carries on, with how and when it signed in unchanged.
    /// </summary>
    public async Task RefreshAsync(PortalUser user, ClaimsPrincipal current)
    {
        var kept = current.Claims.Where(c => c.Type.StartsWith("cx:", StringComparison.Ordinal) && c.Type != PortalClaimTypes.DisplayName)
            .Select(c => new Claim(c.Type, c.Value)).ToList();
        await signInManager.SignInWithClaimsAsync(user, isPersistent: false, kept);
    }
}
