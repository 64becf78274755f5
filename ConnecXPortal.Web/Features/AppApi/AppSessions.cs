using ConnecXPortal.Domain.Apps;
using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Domain.Sessions;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Audit;
using ConnecXPortal.Web.Features.Observability;
using ConnecXPortal.Web.Features.Sessions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ConnecXPortal.Web.Features.AppApi;

/// <summary>
/// The apps' sessions: finishing a sign-in (a server-side session, a refresh token, an access token), rotating refresh
/// tokens (and ending the chain when a used one comes back), checking an access token and its session on every call,
/// and signing out.
/// </summary>
public sealed class AppSessions(
    PortalDbContext db,
    ServerSessions sessions,
    UserManager<PortalUser> users,
    AppAccessTokens accessTokens,
    AuditLog audit,
    TimeProvider clock,
    IOptions<AppApiOptions> options,
    IHttpContextAccessor httpContextAccessor,
    PortalMetrics metrics)
{
    /// <summary>
    /// The one place an app sign-in finishes, whatever the path: the failed-attempt counter resets (only now, as in the
    /// portal), an earlier session of the same installation ends, the app session starts, and the event is audited.
    /// </summary>
    public async Task<TokenResponse> SignInAsync(PortalUser user, SignInMethod method, AppClient client, string deviceName, CancellationToken cancellationToken = default)
    {
        await users.ResetAccessFailedCountAsync(user);

        // Signing in again on the same installation (the app lost its tokens) replaces that session.
        var earlier = await db.UserSessions
            .Where(s => s.UserId == user.Id && s.Client == client.Client && s.DeviceId == client.DeviceId && s.EndedAt == null)
            .Select(s => s.Id)
            .ToListAsync(cancellationToken);
        foreach (var id in earlier)
        {
            await sessions.EndOnSignOutAsync(id, cancellationToken);
        }

        var now = clock.GetUtcNow();
        var refreshExpiresAt = Lifetimes.AppExpiry(now, now, options.Value.RefreshTokenLifetime);
        var session = await sessions.StartAsync(new SessionStart(user.Id, client.Client, method, deviceName, RemoteIp())
        {
            DeviceId = client.DeviceId,
            AppVersion = client.AppVersionText,
            Brand = client.Brand,
            ExpiresAt = refreshExpiresAt,
        }, cancellationToken);

        var refreshToken = AddRefreshToken(session.Id, client, now, refreshExpiresAt);
        audit.Add(AuditEntry.BySelf(AuditEventTypes.SignInSucceeded, user) with { Details = $"{method.DisplayName()}, {deviceName}." });
        await db.SaveChangesAsync(cancellationToken);
        metrics.SignIn(SignInClient.App, "succeeded", method);
        return Tokens(user.Id, session.Id, client, refreshToken, refreshExpiresAt);
    }

    /// <summary>Exchanges a refresh token for new tokens, or says why not.</summary>
    public async Task<(TokenResponse? Tokens, AppProblem? Problem)> RefreshAsync(string refreshToken, AppClient client, CancellationToken cancellationToken = default)
    {
        var hash = RefreshTokenValues.Hash(refreshToken);
        var row = await db.AppRefreshTokens.AsNoTracking()
            .Where(t => t.TokenHash == hash)
            .Select(t => new { Token = t, t.Session.UserId, t.Session.User.Email, t.Session.CreatedAt })
            .SingleOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return (null, AppProblems.Create(AppError.InvalidRefreshToken, "This sign-in is not valid any more. Sign in again."));
        }

        var token = row.Token;
        var check = await sessions.CheckRequestAsync(token.SessionId, cancellationToken);
        if (!check.IsLive)
        {
            return (null, AppProblems.SessionEnded(check.EndedBecause ?? SessionEndReason.Expired));
        }

        var now = clock.GetUtcNow();
        switch (RefreshTokenRules.Judge(token.ToIssued(), client.ToPresenting(), now))
        {
            case RefreshTokenVerdict.Reused:
                return (null, await EndChainAsync(token, row.UserId, row.Email, client, cancellationToken));
            case RefreshTokenVerdict.Expired:
                return (null, AppProblems.SessionEnded(SessionEndReason.Expired));
            case RefreshTokenVerdict.WrongDevice:
            case RefreshTokenVerdict.OlderAppVersion:
                await audit.RecordAsync(new AuditEntry(AuditEventTypes.AppRefreshTokenRejected)
                {
                    SubjectId = row.UserId,
                    SubjectEmail = row.Email,
                    Details = $"Issued to {Describe(token)}; presented by device {client.DeviceId}, version {client.AppVersionText}.",
                }, cancellationToken);
                return (null, AppProblems.Create(AppError.InvalidRefreshToken, "This sign-in belongs to another device or app. Sign in again."));
        }

        // 90 days from now while in use, but never past the session's absolute lifetime (then: session_ended, absolute_lifetime).
        var expiresAt = Lifetimes.AppExpiry(row.CreatedAt, now, options.Value.RefreshTokenLifetime);
        var (rotation, next) = await RotateAsync(token, client, now, expiresAt, cancellationToken);
        switch (rotation)
        {
            case Rotation.Rotated:
                return (Tokens(row.UserId, token.SessionId, client, next!, expiresAt), null);
            case Rotation.AlreadyUsed:
                // Another request exchanged the same token a moment ago: two parties hold it.
                return (null, await EndChainAsync(token, row.UserId, row.Email, client, cancellationToken));
            default:
                var ended = await sessions.CheckRequestAsync(token.SessionId, cancellationToken);
                return (null, AppProblems.SessionEnded(ended.EndedBecause ?? SessionEndReason.Expired));
        }
    }

    /// <summary>Checks an access token, that it is this installation's, and that its session is live.</summary>
    public async Task<(AppCaller? Caller, AppProblem? Problem)> AuthenticateAsync(string? accessToken, AppClient client, CancellationToken cancellationToken = default)
    {
        var (caller, error) = accessTokens.Read(accessToken);
        if (caller is null)
        {
            return (null, error == AppError.TokenExpired
                ? AppProblems.Create(AppError.TokenExpired, "The access token has expired. Refresh it with the refresh token.")
                : AppProblems.Create(AppError.InvalidToken, "Send a valid access token in the Authorization header (Bearer)."));
        }

        if (caller.DeviceId != client.DeviceId || caller.Client != client.Client || caller.Brand != client.Brand)
        {
            return (null, AppProblems.Create(AppError.InvalidToken, "This access token belongs to another device or app. Sign in again."));
        }

        var check = await sessions.CheckRequestAsync(caller.SessionId, cancellationToken);
        if (!check.Found || check.UserId != caller.UserId)
        {
            return (null, AppProblems.Create(AppError.InvalidToken, "This access token is not valid any more. Sign in again."));
        }

        return check.IsLive ? (caller, null) : (null, AppProblems.SessionEnded(check.EndedBecause!.Value));
    }

    /// <summary>Ends the caller's session; its refresh and access tokens stop working, and the next sign-in verifies again.</summary>
    public async Task SignOutAsync(AppCaller caller, CancellationToken cancellationToken = default)
    {
        await sessions.EndOnSignOutAsync(caller.SessionId, cancellationToken);
        if (await users.FindByIdAsync(caller.UserId.ToString()) is { } user)
        {
            await audit.RecordAsync(AuditEntry.BySelf(AuditEventTypes.SignedOut, user), cancellationToken);
        }
    }

    /// <summary>
    /// Marks the token used and issues its successor in one transaction: the conditional UPDATE lets exactly one of two
    /// racing refreshes with the same token win. Runs in the provider's execution strategy (SQL Server retries).
    /// </summary>
    private Task<(Rotation Rotation, string? Next)> RotateAsync(
        AppRefreshToken token,
        AppClient client,
        DateTimeOffset now,
        DateTimeOffset expiresAt,
        CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var usedAt = now.ToUniversalTime();
            var claimed = await db.AppRefreshTokens
                .Where(t => t.Id == token.Id && t.UsedAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(t => t.UsedAt, usedAt), ct);
            if (claimed == 0)
            {
                await transaction.RollbackAsync(ct);
                return (Rotation.AlreadyUsed, (string?)null);
            }

            if (!await sessions.RenewAppSessionAsync(token.SessionId, expiresAt, client.AppVersionText, ct))
            {
                await transaction.RollbackAsync(ct);
                return (Rotation.SessionEnded, null);
            }

            var next = AddRefreshToken(token.SessionId, client, now, expiresAt);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return (Rotation.Rotated, next);
        }, cancellationToken);

    private async Task<AppProblem> EndChainAsync(AppRefreshToken token, Guid userId, string? email, AppClient client, CancellationToken cancellationToken)
    {
        await sessions.EndAsync(token.SessionId, SessionEndReason.RefreshTokenReused, actor: null, cancellationToken: cancellationToken);
        metrics.RefreshTokenReused();
        await audit.RecordAsync(new AuditEntry(AuditEventTypes.AppRefreshTokenReused)
        {
            SubjectId = userId,
            SubjectEmail = email,
            Details = $"A refresh token used at {token.UsedAt:O} came back from device {client.DeviceId}; the session of {Describe(token)} was ended.",
        }, cancellationToken);
        return AppProblems.SessionEnded(SessionEndReason.RefreshTokenReused);
    }

    private string AddRefreshToken(Guid sessionId, AppClient client, DateTimeOffset now, DateTimeOffset expiresAt)
    {
        var value = RefreshTokenValues.New();
        db.AppRefreshTokens.Add(new AppRefreshToken
        {
            SessionId = sessionId,
            TokenHash = RefreshTokenValues.Hash(value),
            DeviceId = client.DeviceId,
            Client = client.Client,
            Brand = client.Brand,
            AppVersion = client.AppVersionText,
            IssuedAt = now.ToUniversalTime(),
            ExpiresAt = expiresAt.ToUniversalTime(),
        });
        return value;
    }

    private TokenResponse Tokens(Guid userId, Guid sessionId, AppClient client, string refreshToken, DateTimeOffset refreshExpiresAt)
    {
        var (accessToken, accessExpiresAt) = accessTokens.Issue(userId, sessionId, client);
        var now = clock.GetUtcNow();
        return new TokenResponse(
            "Bearer",
            accessToken,
            Seconds(accessExpiresAt - now),
            refreshToken,
            Seconds(refreshExpiresAt - now),
            sessionId);
    }

    private SessionPolicy Lifetimes => SessionPolicy.Default with { AppAbsoluteLifetime = options.Value.SessionAbsoluteLifetime };

    private string? RemoteIp() => httpContextAccessor.HttpContext?.Connection.RemoteIpAddress?.ToString();

    private static string Describe(AppRefreshToken token) =>
        $"{(token.Client == SessionClient.WhiteLabel ? $"{token.Brand} app" : token.Client.DisplayName())} (device {token.DeviceId}, version {token.AppVersion})";

    private static int Seconds(TimeSpan span) => (int)Math.Round(span.TotalSeconds);

    private enum Rotation
    {
        Rotated,
        AlreadyUsed,
        SessionEnded,
    }
}
