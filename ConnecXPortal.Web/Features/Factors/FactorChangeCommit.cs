using System.Security.Claims;
using ConnecXPortal.Domain.Sessions;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Sessions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ConnecXPortal.Web.Features.Factors;

/// <summary>
/// Saves a change to a user's sign-in methods (a factor added or removed, recovery codes renewed) in one save that also
/// rotates the security stamp, conditional on the user row's concurrency stamp: every pending sign-in, app sign-in
/// ticket and portal cookie issued before it fails its next check, and a change raced by another one is refused
/// instead of silently winning. Then the user's other portal sessions end; app sessions are not bound to the stamp and
/// carry on (Devices and sessions, support or a password change ends them).
/// </summary>
public sealed class FactorChangeCommit(
    PortalDbContext db,
    UserManager<PortalUser> users,
    ServerSessions sessions,
    IHttpContextAccessor httpContextAccessor)
{
    /// <summary>Saves the staged change; false (nothing saved) when the account changed since it was loaded.</summary>
    /// <param name="user">Whose methods changed.</param>
    /// <param name="actor">Who changed them, when not the user (support).</param>
    /// <param name="note">The reason support gave, for the audit log.</param>
    public async Task<bool> SaveAsync(PortalUser user, PortalUser? actor = null, string? note = null)
    {
        var entry = db.Entry(user);
        var loadedStamp = entry.State == EntityState.Detached ? user.ConcurrencyStamp : entry.Property(u => u.ConcurrencyStamp).OriginalValue;
        IdentityResult result;
        try
        {
            result = await users.UpdateSecurityStampAsync(user);
        }
        catch (DbUpdateException)
        {
            // A racing change saved a row this one also adds (an authenticator key, a passkey) before the user row
            // was compared: the same race as a concurrency failure, when the account did change meanwhile.
            db.ChangeTracker.Clear();
            if (await db.Users.AsNoTracking().Where(u => u.Id == user.Id).Select(u => u.ConcurrencyStamp).SingleOrDefaultAsync() != loadedStamp)
            {
                return false;
            }

            throw;
        }

        if (!result.Succeeded)
        {
            if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure)))
            {
                // The staged rows must not ride along with a later save of this unit of work.
                db.ChangeTracker.Clear();
                return false;
            }

            throw new InvalidOperationException($"Could not save the user's factors: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }

        await sessions.EndAllAsync(user.Id, SessionEndReason.FactorsChanged, actor ?? user, note, OwnSessionOf(user), SessionClient.Portal);
        return true;
    }

    /// <summary>The portal session making the change, when it is the user's own: it carries on (its cookie is re-issued by the page).</summary>
    private Guid? OwnSessionOf(PortalUser user) =>
        httpContextAccessor.HttpContext?.User is { } principal && principal.FindFirstValue(ClaimTypes.NameIdentifier) == user.Id.ToString()
            ? SessionCookie.SessionIdOf(principal)
            : null;
}
