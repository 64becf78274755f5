using System.Security.Claims;
using ConnecXPortal.Domain.Security;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Sessions;
using Microsoft.EntityFrameworkCore;

namespace ConnecXPortal.Web.Features.Security;

/// <summary>
/// Step-up: changes to a user's security settings need a second-factor verification in the same session within the
/// last 5 minutes (OWASP ASVS 5.0 V6.4: re-authenticate before changing authentication factors). A multi-factor
/// sign-in counts as one.
/// </summary>
public sealed class StepUp(PortalDbContext db, TimeProvider clock)
{
    public const string VerifyPath = "/account/security/verify";

    /// <summary>The server-side session the principal belongs to (step-ups count only within it).</summary>
    public static Guid SignInIdOf(ClaimsPrincipal principal) => SessionCookie.SessionIdOf(principal) ?? Guid.Empty;

    public static Guid UserIdOf(ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : Guid.Empty;

    public async Task<bool> IsFreshAsync(ClaimsPrincipal principal)
    {
        var userId = UserIdOf(principal);
        var signInId = SignInIdOf(principal);
        var since = clock.GetUtcNow() - SecurityTimings.StepUp;
        return userId != Guid.Empty
            && await db.StepUpVerifications.AnyAsync(v => v.UserId == userId && v.SignInId == signInId && v.VerifiedAt > since);
    }

    /// <summary>Stages the record of a verification (saved with the caller's unit of work).</summary>
    public void Add(Guid userId, Guid signInId) =>
        db.StepUpVerifications.Add(new StepUpVerification { UserId = userId, SignInId = signInId, VerifiedAt = clock.GetUtcNow() });

    public async Task RecordAsync(Guid userId, Guid signInId)
    {
        Add(userId, signInId);
        await db.SaveChangesAsync();
    }

    public static string VerifyUrl(string returnUrl) => $"{VerifyPath}?returnUrl={Uri.EscapeDataString(returnUrl)}";
}
