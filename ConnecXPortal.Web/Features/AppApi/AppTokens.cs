using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ConnecXPortal.Domain.Security;
using ConnecXPortal.Domain.Sessions;
using ConnecXPortal.Web.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ConnecXPortal.Web.Features.AppApi;

/// <summary>Who an access token speaks for: a user in one app session on one installation.</summary>
public sealed record AppCaller(Guid UserId, Guid SessionId, string DeviceId, SessionClient Client, string? Brand, DateTimeOffset ExpiresAt)
{
    public static AppCaller Of(HttpContext context) =>
        context.Features.Get<AppCaller>() ?? throw new InvalidOperationException("The app API's authentication filter did not run for this endpoint.");
}

/// <summary>
/// Access tokens: opaque, Data Protection–protected (encrypted and authenticated with the portal's key ring, which is
/// kept in the database and shared by every instance), valid for <see cref="AppApiOptions.AccessTokenLifetime"/> on the
/// injected clock. Only this server reads them; every call also checks their session, so ending a session stops its
/// access tokens at once.
/// </summary>
public sealed class AppAccessTokens(IDataProtectionProvider protection, TimeProvider clock, IOptions<AppApiOptions> options)
{
    private readonly IDataProtector protector = protection.CreateProtector("connecX.AppApi.AccessToken.v1");

    public (string Token, DateTimeOffset ExpiresAt) Issue(Guid userId, Guid sessionId, AppClient client)
    {
        var expiresAt = clock.GetUtcNow() + options.Value.AccessTokenLifetime;
        var payload = new AppCaller(userId, sessionId, client.DeviceId, client.Client, client.Brand, expiresAt);
        return (WebEncoders.Base64UrlEncode(protector.Protect(JsonSerializer.SerializeToUtf8Bytes(payload))), expiresAt);
    }

    /// <summary>The caller, or the error: <see cref="AppError.InvalidToken"/> or <see cref="AppError.TokenExpired"/>.</summary>
    public (AppCaller? Caller, AppError? Error) Read(string? token)
    {
        var caller = Unprotect(protector, token, bytes => JsonSerializer.Deserialize<AppCaller>(bytes));
        if (caller is null)
        {
            return (null, AppError.InvalidToken);
        }

        return clock.GetUtcNow() < caller.ExpiresAt ? (caller, null) : (null, AppError.TokenExpired);
    }

    internal static T? Unprotect<T>(IDataProtector protector, string? token, Func<byte[], T?> read)
        where T : class
    {
        if (string.IsNullOrEmpty(token) || token.Length > 4096)
        {
            return null;
        }

        try
        {
            return read(protector.Unprotect(WebEncoders.Base64UrlDecode(token)));
        }
        catch (Exception e) when (e is CryptographicException or FormatException or JsonException)
        {
            return null;
        }
    }
}

/// <summary>Refresh tokens' values: 256 random bits, stored only as their SHA-256 hash.</summary>
public static class RefreshTokenValues
{
    public static string New() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}

/// <summary>Which step a sign-in ticket is for.</summary>
public enum SignInTicketStage
{
    /// <summary>Verify one of the account's second factors.</summary>
    SecondFactor = 1,

    /// <summary>The account has no factor and MFA is mandatory: set one up.</summary>
    Enrolment = 2,
}

/// <summary>The state between the password and the second factor, carried by the app as an opaque ticket.</summary>
/// <param name="UserId">Whose password was right.</param>
/// <param name="SecurityStamp">The account's security stamp then: a password reset or change voids the ticket.</param>
/// <param name="AttemptId">The sign-in attempt emailed codes are bound to.</param>
/// <param name="StartedAt">When the password was right; the ticket lasts <see cref="SecurityTimings.PendingSignIn"/>.</param>
/// <param name="Stage">Verify a factor, or set one up.</param>
/// <param name="DeviceId">The installation it was issued to.</param>
/// <param name="Client">The platform it was issued to.</param>
/// <param name="Brand">The white-label brand it was issued to.</param>
/// <param name="DeviceName">The device's name for the session ("Pixel 8").</param>
public sealed record SignInTicket(
    Guid UserId,
    string SecurityStamp,
    Guid AttemptId,
    DateTimeOffset StartedAt,
    SignInTicketStage Stage,
    string DeviceId,
    SessionClient Client,
    string? Brand,
    string DeviceName);

/// <summary>
/// The apps' half-signed-in state, like the portal's pending sign-in cookie: issued once the password is right, valid
/// for 15 minutes from then (never extended), bound to the installation, platform and brand that asked for it and to
/// the account's security stamp. Data Protection–protected, so the app can neither read nor change it; and single-use:
/// each has an <see cref="AppSignInTicket"/> record that the call completing the sign-in uses up (<see cref="ClaimAsync"/>).
/// </summary>
public sealed class SignInTickets(IDataProtectionProvider protection, TimeProvider clock, UserManager<PortalUser> users, PortalDbContext db)
{
    private readonly IDataProtector protector = protection.CreateProtector("connecX.AppApi.SignInTicket.v1");

    public static TimeSpan Lifetime => SecurityTimings.PendingSignIn;

    public async Task<string> IssueAsync(PortalUser user, SignInTicketStage stage, AppClient client, string deviceName)
    {
        var now = clock.UtcNow();
        var ticket = new SignInTicket(
            user.Id, await users.GetSecurityStampAsync(user), Guid.NewGuid(), now, stage,
            client.DeviceId, client.Client, client.Brand, deviceName);
        db.AppSignInTickets.Add(new AppSignInTicket { Id = ticket.AttemptId, UserId = user.Id, IssuedAt = now, ExpiresAt = now + Lifetime });
        await db.SaveChangesAsync();
        return WebEncoders.Base64UrlEncode(protector.Protect(JsonSerializer.SerializeToUtf8Bytes(ticket)));
    }

    /// <summary>The ticket and its user, or the error: <see cref="AppError.InvalidTicket"/> or <see cref="AppError.TicketExpired"/>.</summary>
    public async Task<(SignInTicket? Ticket, PortalUser? User, AppError? Error)> ReadAsync(string? value, AppClient client)
    {
        var ticket = AppAccessTokens.Unprotect(protector, value, bytes => JsonSerializer.Deserialize<SignInTicket>(bytes));
        if (ticket is null || ticket.DeviceId != client.DeviceId || ticket.Client != client.Client || ticket.Brand != client.Brand)
        {
            return (null, null, AppError.InvalidTicket);
        }

        if (!SecurityTimings.IsWithin(ticket.StartedAt, Lifetime, clock.GetUtcNow()))
        {
            return (null, null, AppError.TicketExpired);
        }

        var user = await users.FindByIdAsync(ticket.UserId.ToString());
        if (user is null || await users.GetSecurityStampAsync(user) != ticket.SecurityStamp
            || !await db.AppSignInTickets.AnyAsync(t => t.Id == ticket.AttemptId && t.UserId == user.Id && t.UsedAt == null))
        {
            return (null, null, AppError.InvalidTicket);
        }

        return (ticket, user, null);
    }

    /// <summary>
    /// Uses the ticket up for the sign-in or enrolment it is completing: a conditional UPDATE while it is unused and not
    /// expired, so of parallel requests with one ticket exactly one gets true; the others answer as for a used ticket.
    /// </summary>
    public async Task<bool> ClaimAsync(SignInTicket ticket, CancellationToken cancellationToken = default)
    {
        var now = clock.UtcNow();
        return await db.AppSignInTickets
            .Where(t => t.Id == ticket.AttemptId && t.UsedAt == null && t.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, now), cancellationToken) == 1;
    }
}
