using ConnecXPortal.Domain.Sessions;

namespace ConnecXPortal.Domain.Apps;

/// <summary>What an app presenting a refresh token says about itself.</summary>
/// <param name="DeviceId">The app installation's id.</param>
/// <param name="Client">Android, iOS or white-label.</param>
/// <param name="Brand">The white-label brand; null for the connecX apps.</param>
/// <param name="AppVersion">The app's version now.</param>
public sealed record PresentingApp(string DeviceId, SessionClient Client, string? Brand, Version AppVersion);

/// <summary>A refresh token as it was issued.</summary>
/// <param name="DeviceId">The installation it was issued to.</param>
/// <param name="Client">The client it was issued to.</param>
/// <param name="Brand">The white-label brand it was issued to.</param>
/// <param name="AppVersion">The app version it was issued to.</param>
/// <param name="ExpiresAt">When it lapses unless used.</param>
/// <param name="UsedAt">When it was exchanged for the next one; null while it is the newest of its chain.</param>
public sealed record IssuedRefreshToken(
    string DeviceId,
    SessionClient Client,
    string? Brand,
    Version AppVersion,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? UsedAt);

/// <summary>What to do with a presented refresh token.</summary>
public enum RefreshTokenVerdict
{
    /// <summary>Exchange it for a new one (it is now used).</summary>
    Rotate = 1,

    /// <summary>It was already exchanged: someone holds a copy, so the whole chain (its session) ends.</summary>
    Reused = 2,

    /// <summary>It lapsed: the app was not used for the token's lifetime.</summary>
    Expired = 3,

    /// <summary>Another installation, platform or brand presented it.</summary>
    WrongDevice = 4,

    /// <summary>An older app version than the one it was issued to presented it.</summary>
    OlderAppVersion = 5,
}

/// <summary>
/// The apps' refresh tokens: each works once and is exchanged for a new one (rotation), lives 90 days from its issue,
/// so an app in use stays signed in while an unused one lapses, and belongs to one installation of one app. A token
/// that comes back after it was exchanged means two parties hold it (OAuth 2.0 Security BCP, refresh token rotation):
/// the chain ends, whoever presented it.
/// </summary>
public static class RefreshTokenRules
{
    /// <summary>How long a refresh token, and so an unused app session, lasts.</summary>
    public static TimeSpan DefaultLifetime { get; } = TimeSpan.FromDays(90);

    /// <summary>Decides what happens to <paramref name="token"/> presented by <paramref name="app"/> at <paramref name="now"/>.</summary>
    public static RefreshTokenVerdict Judge(IssuedRefreshToken token, PresentingApp app, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(app);

        if (token.UsedAt is not null)
        {
            return RefreshTokenVerdict.Reused;
        }

        if (token.ExpiresAt <= now)
        {
            return RefreshTokenVerdict.Expired;
        }

        if (!string.Equals(token.DeviceId, app.DeviceId, StringComparison.Ordinal) || token.Client != app.Client
            || !string.Equals(token.Brand, app.Brand, StringComparison.Ordinal))
        {
            return RefreshTokenVerdict.WrongDevice;
        }

        // An app updated in place keeps its sign-in; going back to an older version is not something an app does.
        return AppVersions.IsSupported(app.AppVersion, token.AppVersion) ? RefreshTokenVerdict.Rotate : RefreshTokenVerdict.OlderAppVersion;
    }
}
