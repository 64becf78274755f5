using ConnecXPortal.Domain.Sessions;
using ConnecXPortal.Web.Data;
using Microsoft.AspNetCore.Identity;

namespace ConnecXPortal.Web.Features.Sessions;

/// <summary>
/// The one place that ends every session of a user (password reset or change, factors reset): the server-side
/// sessions end (portal and apps, audited by <see cref="ServerSessions"/>), and a new security stamp makes every
/// remaining cookie and live Blazor circuit fail validation as well.
/// </summary>
public sealed class SessionRevocation(UserManager<PortalUser> users, ServerSessions sessions)
{
    /// <param name="user">Whose sessions end.</param>
    /// <param name="reason">Why; shown on the sign-in page of each ended session.</param>
    /// <param name="actor">Who did it (the user themselves, or support).</param>
    /// <param name="note">The reason the actor gave, for the audit log.</param>
    /// <param name="keepSessionId">The caller's own session, when it carries on (a password change).</param>
    /// <returns>How many server-side sessions ended (live pages end through the new security stamp either way).</returns>
    public async Task<int> EndAllAsync(PortalUser user, SessionEndReason reason, PortalUser actor, string? note = null, Guid? keepSessionId = null)
    {
        var result = await users.UpdateSecurityStampAsync(user);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not end the sessions of a user: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }

        return await sessions.EndAllAsync(user.Id, reason, actor, note, keepSessionId);
    }
}
