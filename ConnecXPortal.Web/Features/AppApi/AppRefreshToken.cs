using ConnecXPortal.Domain.Apps;
using ConnecXPortal.Domain.Sessions;
using ConnecXPortal.Web.Features.Sessions;

namespace ConnecXPortal.Web.Features.AppApi;

/// <summary>
/// One refresh token of an app session's chain, stored as the SHA-256 hash of the token (the token itself is 256 random
/// bits and is only ever in the app). A token is exchanged once (<see cref="UsedAt"/>); the newest token of a live
/// session is the only one that works. Rows are kept with their session, so a used token that comes back is recognised.
/// </summary>
public sealed class AppRefreshToken
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The app session this token keeps alive; the chain's end is the session's end.</summary>
    public Guid SessionId { get; set; }

    public UserSession Session { get; set; } = null!;

    /// <summary>SHA-256 of the token's text.</summary>
    public byte[] TokenHash { get; set; } = [];

    /// <summary>The installation it was issued to.</summary>
    public string DeviceId { get; set; } = "";

    public SessionClient Client { get; set; }

    /// <summary>The white-label brand it was issued to; null for the connecX apps.</summary>
    public string? Brand { get; set; }

    /// <summary>The app version it was issued to; the next token may go to the same or a newer version.</summary>
    public string AppVersion { get; set; } = "";

    public DateTimeOffset IssuedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>When it was exchanged for the next token; null while it is the newest.</summary>
    public DateTimeOffset? UsedAt { get; set; }

    public IssuedRefreshToken ToIssued() =>
        new(DeviceId, Client, Brand, AppVersions.TryParse(AppVersion, out var version) ? version : new Version(0, 0), ExpiresAt, UsedAt);
}
