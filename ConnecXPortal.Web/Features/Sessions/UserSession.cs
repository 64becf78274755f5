using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Domain.Sessions;
using ConnecXPortal.Web.Data;

namespace ConnecXPortal.Web.Features.Sessions;

/// <summary>
/// One sign-in, from the portal or an app: the portal cookie carries its <see cref="Id"/>, the apps' refresh-token
/// chain hangs off it. Rows are never deleted; a session ends by setting <see cref="EndedAt"/> and
/// <see cref="EndReason"/>, or lapses when <see cref="ExpiresAt"/> passes.
/// </summary>
public sealed class UserSession
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid UserId { get; set; }

    public PortalUser User { get; set; } = null!;

    public SessionClient Client { get; set; }

    /// <summary>The white-label brand (for <see cref="SessionClient.WhiteLabel"/> only), for example "acme-living".</summary>
    public string? Brand { get; set; }

    /// <summary>What people see: "Chrome on Windows" for the portal, the device model for apps.</summary>
    public string Device { get; set; } = "";

    /// <summary>The app's installation id (apps only), so a device signing in again can be recognised.</summary>
    public string? DeviceId { get; set; }

    /// <summary>The app version that signed in (apps only).</summary>
    public string? AppVersion { get; set; }

    public string? IpAddress { get; set; }

    /// <summary>How the user verified for this sign-in.</summary>
    public SignInMethod SignInMethod { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The last activity recorded; written at most once per <see cref="UserSessionOptions.LastSeenWriteInterval"/>.</summary>
    public DateTimeOffset LastSeenAt { get; set; }

    /// <summary>
    /// When the session lapses unless it is seen again: for the portal the earlier of idle timeout and lifetime,
    /// for apps the refresh token's expiry.
    /// </summary>
    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    public SessionEndReason? EndReason { get; set; }

    /// <summary>Who ended it: the user, a support person; null when the system did (cutover, expiry).</summary>
    public Guid? EndedById { get; set; }

    /// <summary>The user's cutover spread position (<see cref="ConnecXPortal.Domain.Cutover.CutoverSpread"/>), stored so the job can select by it in SQL.</summary>
    public int SpreadPosition { get; set; }
}
