using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Domain.Cutover;
using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Domain.Sessions;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Audit;
using ConnecXPortal.Web.Features.Observability;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ConnecXPortal.Web.Features.Sessions;

/// <summary>What a new session is: who, from which client, how they verified, and from where.</summary>
/// <param name="UserId">The user who signed in.</param>
/// <param name="Client">The portal or an app.</param>
/// <param name="Method">How the user verified.</param>
/// <param name="Device">What people see: "Chrome on Windows" (see DeviceDescriptions), or the app's device model.</param>
/// <param name="IpAddress">The address the sign-in came from.</param>
public sealed record SessionStart(Guid UserId, SessionClient Client, SignInMethod Method, string Device, string? IpAddress)
{
    /// <summary>The white-label brand; required for <see cref="SessionClient.WhiteLabel"/>, not allowed otherwise.</summary>
    public string? Brand { get; init; }

    /// <summary>The app's installation id; required for apps.</summary>
    public string? DeviceId { get; init; }

    /// <summary>The app's version; required for apps.</summary>
    public string? AppVersion { get; init; }

    /// <summary>Apps: when the first refresh token lapses. The portal's expiry comes from <see cref="UserSessionOptions"/>.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }
}

/// <summary>The outcome of checking a session: live, or ended and why.</summary>
public sealed record SessionCheck(bool Found, Guid UserId, SessionClient Client, SessionEndReason? EndedBecause)
{
    public static SessionCheck NotFound { get; } = new(false, Guid.Empty, SessionClient.Portal, null);

    public bool IsLive => Found && EndedBecause is null;
}

/// <summary>A session as its owner sees it on Devices and sessions.</summary>
public sealed record SessionListItem(
    Guid Id,
    SessionClient Client,
    string? Brand,
    string Device,
    string? AppVersion,
    string? IpAddress,
    SignInMethod Method,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastSeenAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? EndedAt,
    SessionEndReason? EndReason)
{
    /// <summary>"Chrome on Windows", "connecX app on Android", "Acme Living app".</summary>
    public string Title => Client switch
    {
        SessionClient.Portal => Device,
        SessionClient.Android => "connecX app on Android",
        SessionClient.Ios => "connecX app on iOS",
        _ => $"{Brand} app",
    };
}

/// <summary>A user's sessions: the live ones and those that ended in the last 30 days.</summary>
public sealed record UserSessions(IReadOnlyList<SessionListItem> Live, IReadOnlyList<SessionListItem> RecentlyEnded);

/// <summary>
/// Starts, checks and ends sessions. Every sign-in, portal or app, starts one here; every request, circuit and
/// app API call checks its session here; ending is a conditional, set-based update, so ending twice is harmless.
/// </summary>
public sealed class ServerSessions(
    PortalDbContext db,
    TimeProvider clock,
    IOptions<UserSessionOptions> options,
    CutoverSchedule schedule,
    AuditLog audit,
    PortalMetrics metrics)
{
    private static readonly TimeSpan RecentlyEndedFor = TimeSpan.FromDays(30);

    private SessionPolicy Policy => options.Value.ToPolicy();

    /// <summary>Records a new session and returns it (its <see cref="UserSession.Id"/> goes into the cookie or the app's tokens).</summary>
    public async Task<UserSession> StartAsync(SessionStart start, CancellationToken cancellationToken = default)
    {
        var session = Stage(start);
        await db.SaveChangesAsync(cancellationToken);
        return session;
    }

    /// <summary>
    /// Stages a new session in the caller's unit of work (saved with the caller's next save, together with what
    /// goes with it, such as the audit event) and returns it; its <see cref="UserSession.Id"/> is known at once.
    /// </summary>
    public UserSession Stage(SessionStart start)
    {
        ArgumentNullException.ThrowIfNull(start);
        Validate(start);
        var now = clock.UtcNow();
        var session = new UserSession
        {
            UserId = start.UserId,
            Client = start.Client,
            Brand = start.Brand?.Trim(),
            Device = Truncate(start.Device, DeviceDescriptions.MaxLength) is { Length: > 0 } device ? device : "Unknown device",
            DeviceId = start.DeviceId?.Trim(),
            AppVersion = start.AppVersion?.Trim(),
            IpAddress = Truncate(start.IpAddress, 64),
            SignInMethod = start.Method,
            CreatedAt = now,
            LastSeenAt = now,
            ExpiresAt = start.Client.IsApp() ? start.ExpiresAt!.Value.ToUniversalTime() : Policy.PortalExpiry(now, now),
            SpreadPosition = CutoverSpread.PositionOf(start.UserId),
        };
        db.UserSessions.Add(session);
        return session;
    }

    /// <summary>Checks a session for an HTTP request, which counts as activity (portal cookie; the app API).</summary>
    public Task<SessionCheck> CheckRequestAsync(Guid sessionId, CancellationToken cancellationToken = default) =>
        CheckAsync(sessionId, priorActivityAt: null, activeNow: true, cancellationToken);

    /// <summary>
    /// Checks a session for a live Blazor circuit. The circuit sends no HTTP requests, so the activity it saw
    /// (<paramref name="lastActivityAt"/>: clicks, typing, navigation) keeps the session from going idle.
    /// </summary>
    public Task<SessionCheck> CheckCircuitAsync(Guid sessionId, DateTimeOffset? lastActivityAt, CancellationToken cancellationToken = default) =>
        CheckAsync(sessionId, lastActivityAt, activeNow: false, cancellationToken);

    /// <summary>Ends the session the user signs out of (the sign-out itself is audited by the caller).</summary>
    public async Task EndOnSignOutAsync(Guid sessionId, CancellationToken cancellationToken = default)
    {
        var now = clock.UtcNow();
        var ended = await db.UserSessions
            .Where(s => s.Id == sessionId && s.EndedAt == null)
            .ExecuteUpdateAsync(u => u
                .SetProperty(s => s.EndedAt, now)
                .SetProperty(s => s.EndReason, SessionEndReason.SignedOut)
                .SetProperty(s => s.EndedById, s => s.UserId), cancellationToken);
        metrics.SessionsEnded(SessionEndReason.SignedOut, ended);
    }

    /// <summary>
    /// Ends one session for <paramref name="reason"/> and audits it; false when it was not live. For the app API:
    /// a reused refresh token ends its session (<see cref="SessionEndReason.RefreshTokenReused"/>, no actor).
    /// </summary>
    public async Task<bool> EndAsync(Guid sessionId, SessionEndReason reason, PortalUser? actor, string? note = null, CancellationToken cancellationToken = default)
    {
        var session = await db.UserSessions.AsNoTracking()
            .Where(s => s.Id == sessionId)
            .Select(s => new { s.UserId, s.User.Email, s.Client, s.Brand, s.Device })
            .SingleOrDefaultAsync(cancellationToken);
        if (session is null || await EndWhereAsync(s => s.Id == sessionId, reason, actor?.Id, cancellationToken) == 0)
        {
            return false;
        }

        await audit.RecordAsync(new AuditEntry(AuditEventTypes.SessionEnded)
        {
            ActorId = actor?.Id,
            ActorEmail = actor?.Email,
            SubjectId = session.UserId,
            SubjectEmail = session.Email,
            Reason = note,
            Details = $"{reason.DisplayName()}: {Describe(session.Client, session.Brand, session.Device)}.",
        }, cancellationToken);
        return true;
    }

    /// <summary>
    /// For the app API when it rotates a refresh token: the app session now lapses at <paramref name="expiresAt"/>
    /// (90 days while used), and runs <paramref name="appVersion"/> when the app was updated. False when the session is
    /// not a live app session.
    /// </summary>
    public async Task<bool> RenewAppSessionAsync(Guid sessionId, DateTimeOffset expiresAt, string? appVersion = null, CancellationToken cancellationToken = default)
    {
        var now = clock.UtcNow();
        var until = expiresAt.ToUniversalTime();
        var version = appVersion?.Trim();
        var renewed = await db.UserSessions
            .Where(s => s.Id == sessionId && s.Client != SessionClient.Portal && s.EndedAt == null && s.ExpiresAt > now)
            .ExecuteUpdateAsync(u => u
                .SetProperty(s => s.ExpiresAt, until)
                .SetProperty(s => s.AppVersion, s => version ?? s.AppVersion)
                .SetProperty(s => s.LastSeenAt, now), cancellationToken);
        return renewed == 1;
    }

    /// <summary>Ends one of <paramref name="user"/>'s own sessions; false when it is not theirs or not live.</summary>
    public async Task<bool> EndOwnAsync(PortalUser user, Guid sessionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var owns = await db.UserSessions.AnyAsync(s => s.Id == sessionId && s.UserId == user.Id, cancellationToken);
        return owns && await EndAsync(sessionId, SessionEndReason.EndedByUser, user, cancellationToken: cancellationToken);
    }

    /// <summary>Ends every live session of a user, portal and apps, and audits it once; returns how many ended.</summary>
    /// <param name="userId">Whose sessions end.</param>
    /// <param name="reason">Why; shown to the user on the sign-in page.</param>
    /// <param name="actor">Who did it; null for the system.</param>
    /// <param name="note">The reason the actor gave, for the audit log.</param>
    /// <param name="exceptSessionId">A session to keep (the caller's own).</param>
    /// <param name="onlyClient">Only this client's sessions (a factor change ends the portal's only).</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    public async Task<int> EndAllAsync(
        Guid userId,
        SessionEndReason reason,
        PortalUser? actor,
        string? note = null,
        Guid? exceptSessionId = null,
        SessionClient? onlyClient = null,
        CancellationToken cancellationToken = default)
    {
        var ended = await EndWhereAsync(
            s => s.UserId == userId && (exceptSessionId == null || s.Id != exceptSessionId) && (onlyClient == null || s.Client == onlyClient),
            reason, actor?.Id, cancellationToken);
        if (ended == 0)
        {
            return 0;
        }

        var subjectEmail = await db.Users.Where(u => u.Id == userId).Select(u => u.Email).SingleOrDefaultAsync(cancellationToken);
        await audit.RecordAsync(new AuditEntry(AuditEventTypes.SessionEnded)
        {
            ActorId = actor?.Id,
            ActorEmail = actor?.Email,
            SubjectId = userId,
            SubjectEmail = subjectEmail,
            Reason = note,
            Details = $"{reason.DisplayName()}: {ended} {(ended == 1 ? "session" : "sessions")} ended.",
        }, cancellationToken);
        return ended;
    }

    /// <summary>
    /// For the forgotten-password flow: a password reset ends every session of the user, portal and apps, so that
    /// whoever knew the old password is out. Call it after the new password is saved.
    /// </summary>
    public Task<int> EndAllAfterPasswordResetAsync(PortalUser user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        return EndAllAsync(user.Id, SessionEndReason.PasswordReset, actor: user, cancellationToken: cancellationToken);
    }

    /// <summary>The user's live sessions (most recently active first) and the ones that ended in the last 30 days.</summary>
    public async Task<UserSessions> ListAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var now = clock.UtcNow();
        var since = now - RecentlyEndedFor;
        var rows = await db.UserSessions.AsNoTracking()
            .Where(s => s.UserId == userId && (s.EndedAt == null ? s.ExpiresAt > since : s.EndedAt > since))
            .OrderByDescending(s => s.LastSeenAt)
            .Take(100)
            .ToListAsync(cancellationToken);

        var live = new List<SessionListItem>();
        var ended = new List<SessionListItem>();
        foreach (var row in rows)
        {
            var why = SessionRules.WhyEnded(Facts(row), now, Policy, schedule);
            if (why is null)
            {
                live.Add(Item(row, null, null));
            }
            else
            {
                ended.Add(Item(row, row.EndedAt ?? EndedAt(row, why.Value), why));
            }
        }

        return new UserSessions(live, [.. ended.OrderByDescending(s => s.EndedAt).Take(10)]);
    }

    private async Task<SessionCheck> CheckAsync(Guid sessionId, DateTimeOffset? priorActivityAt, bool activeNow, CancellationToken cancellationToken)
    {
        var row = await db.UserSessions.AsNoTracking()
            .Where(s => s.Id == sessionId)
            .Select(s => new { s.UserId, s.Client, s.CreatedAt, s.LastSeenAt, s.ExpiresAt, s.EndedAt, s.EndReason })
            .SingleOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return SessionCheck.NotFound;
        }

        var now = clock.UtcNow();
        var lastSeen = Latest(row.LastSeenAt, priorActivityAt is { } prior && prior <= now ? prior : null);
        var facts = new SessionFacts(row.UserId, row.Client, row.CreatedAt, lastSeen, row.ExpiresAt, row.EndedAt, row.EndReason);
        var why = SessionRules.WhyEnded(facts, now, Policy, schedule);
        if (why is null)
        {
            var seen = activeNow ? now : lastSeen;
            if (seen - row.LastSeenAt >= options.Value.LastSeenWriteInterval && seen > row.LastSeenAt)
            {
                await TouchAsync(sessionId, row.Client, row.CreatedAt, seen, cancellationToken);
            }
        }

        return new SessionCheck(true, row.UserId, row.Client, why);
    }

    private async Task TouchAsync(Guid sessionId, SessionClient client, DateTimeOffset createdAt, DateTimeOffset seen, CancellationToken cancellationToken)
    {
        seen = seen.ToUniversalTime();
        var live = db.UserSessions.Where(s => s.Id == sessionId && s.EndedAt == null);
        if (client.IsApp())
        {
            // An app's expiry follows its refresh token, which the app API renews; activity only moves last-seen.
            await live.ExecuteUpdateAsync(u => u.SetProperty(s => s.LastSeenAt, seen), cancellationToken);
            return;
        }

        var expiresAt = Policy.PortalExpiry(createdAt, seen).ToUniversalTime();
        await live.ExecuteUpdateAsync(u => u
            .SetProperty(s => s.LastSeenAt, seen)
            .SetProperty(s => s.ExpiresAt, expiresAt), cancellationToken);
    }

    private async Task<int> EndWhereAsync(
        System.Linq.Expressions.Expression<Func<UserSession, bool>> which,
        SessionEndReason reason,
        Guid? actorId,
        CancellationToken cancellationToken)
    {
        var now = clock.UtcNow();
        var ended = await db.UserSessions
            .Where(which)
            .Where(s => s.EndedAt == null && s.ExpiresAt > now)
            .ExecuteUpdateAsync(u => u
                .SetProperty(s => s.EndedAt, now)
                .SetProperty(s => s.EndReason, reason)
                .SetProperty(s => s.EndedById, actorId), cancellationToken);
        metrics.SessionsEnded(reason, ended);
        return ended;
    }

    private DateTimeOffset EndedAt(UserSession row, SessionEndReason why)
    {
        if (why == SessionEndReason.MfaCutover && schedule.LogoutInstant(row.Client, row.UserId, row.CreatedAt) is { } cutover)
        {
            return cutover;
        }

        if (why == SessionEndReason.AbsoluteLifetime)
        {
            return row.CreatedAt + Policy.AppAbsoluteLifetime;
        }

        return row.Client.IsApp() ? row.ExpiresAt : Policy.PortalExpiry(row.CreatedAt, row.LastSeenAt);
    }

    private static SessionFacts Facts(UserSession s) =>
        new(s.UserId, s.Client, s.CreatedAt, s.LastSeenAt, s.ExpiresAt, s.EndedAt, s.EndReason);

    private static SessionListItem Item(UserSession s, DateTimeOffset? endedAt, SessionEndReason? why) =>
        new(s.Id, s.Client, s.Brand, s.Device, s.AppVersion, s.IpAddress, s.SignInMethod, s.CreatedAt, s.LastSeenAt, s.ExpiresAt, endedAt, why);

    private static string Describe(SessionClient client, string? brand, string device) => client switch
    {
        SessionClient.Portal => $"portal, {device}",
        SessionClient.WhiteLabel => $"{brand} app, {device}",
        _ => $"{client.DisplayName()}, {device}",
    };

    private static DateTimeOffset Latest(DateTimeOffset stored, DateTimeOffset? other) =>
        other is { } value && value > stored ? value : stored;

    private static void Validate(SessionStart start)
    {
        if (start.Client.IsApp())
        {
            if (string.IsNullOrWhiteSpace(start.DeviceId) || string.IsNullOrWhiteSpace(start.AppVersion) || start.ExpiresAt is null)
            {
                throw new ArgumentException("An app session needs its device id, app version and refresh-token expiry.", nameof(start));
            }

            if ((start.Client == SessionClient.WhiteLabel) == string.IsNullOrWhiteSpace(start.Brand))
            {
                throw new ArgumentException("A white-label session needs its brand; other sessions have none.", nameof(start));
            }
        }
        else if (start.Brand is not null || start.DeviceId is not null || start.AppVersion is not null)
        {
            throw new ArgumentException("A portal session has no brand, device id or app version.", nameof(start));
        }
    }

    private static string? Truncate(string? value, int max) => value is { Length: > 0 } && value.Length > max ? value[..max] : value;
}
