using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Audit;
using Microsoft.AspNetCore.Identity;

namespace ConnecXPortal.Web.Features.SignIn;

/// <summary>
/// The one place that ends every session of a user (password reset or change, factors reset). A new security stamp
/// makes every existing sign-in cookie and live Blazor circuit fail validation; server-side sessions end here too.
/// </summary>
public sealed class SessionRevocation(UserManager<PortalUser> users, AuditLog audit)
{
    public async Task EndAllAsync(PortalUser user, string reason)
    {
        audit.Add(AuditEntry.BySelf(AuditEventTypes.SessionsEnded, user) with { Reason = reason });
        var result = await users.UpdateSecurityStampAsync(user);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not end the sessions of a user: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}
