using System.Security.Cryptography;
using System.Text;
using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Web.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OtpNet;
using QRCoder;

namespace ConnecXPortal.Web.Features.Factors.Totp;

/// <summary>
/// Authenticator apps (RFC 6238): new keys, the otpauth:// URI and its QR code drawn here on the server, and code
/// checks with the drift and replay rules of <see cref="TotpPolicy"/>.
/// </summary>
public sealed class AuthenticatorApp(UserManager<PortalUser> users, PortalDbContext db, IDataProtectionProvider protection, TimeProvider clock)
{
    public const string Issuer = "connecX";

    private readonly ITimeLimitedDataProtector keyProtector =
        protection.CreateProtector("connecX.Factors.PendingAuthenticatorKey").ToTimeLimitedDataProtector();

    /// <summary>A new random 160-bit key in Base32, as authenticator apps expect.</summary>
    public static string NewKey() => Base32Encoding.ToString(RandomNumberGenerator.GetBytes(20)).TrimEnd('=');

    /// <summary>The key in groups of four for typing by hand ("ABCD EFGH …").</summary>
    public static string FormatKey(string key) =>
        string.Join(' ', Enumerable.Range(0, (key.Length + 3) / 4).Select(i => key.Substring(i * 4, Math.Min(4, key.Length - i * 4))));

    public static string OtpAuthUri(string email, string key) =>
        $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(email)}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}" +
        $"&algorithm=SHA1&digits={TotpPolicy.Digits}&period={(int)TotpPolicy.Step.TotalSeconds}";

    /// <summary>The QR code of <paramref name="uri"/> as an SVG data URI, drawn on the server (never a third-party service).</summary>
    public static string QrCodeDataUri(string uri)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(5);
        return "data:image/svg+xml;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes(svg));
    }

    /// <summary>The code an app would show at <paramref name="at"/> (for the tests and the demo).</summary>
    public static string CodeAt(string key, DateTimeOffset at) =>
        new OtpNet.Totp(Base32Encoding.ToBytes(key), (int)TotpPolicy.Step.TotalSeconds, OtpHashMode.Sha1, TotpPolicy.Digits).ComputeTotp(at.UtcDateTime);

    /// <summary>The time step <paramref name="code"/> belongs to at <paramref name="now"/>, within the allowed drift; null when it matches none.</summary>
    public static long? MatchStep(string key, string? code, DateTimeOffset now)
    {
        var normalized = CodeFormat.Normalize(code);
        if (!TotpPolicy.IsWellFormed(normalized))
        {
            return null;
        }

        var totp = new OtpNet.Totp(Base32Encoding.ToBytes(key), (int)TotpPolicy.Step.TotalSeconds, OtpHashMode.Sha1, TotpPolicy.Digits);
        long? matched = null;
        foreach (var step in TotpPolicy.StepsToTry(now))
        {
            var expected = totp.ComputeTotp(TotpPolicy.StepStart(step).UtcDateTime);
            if (CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(normalized!)))
            {
                matched ??= step;
            }
        }

        return matched;
    }

    /// <summary>
    /// Checks a code against the user's enrolled key and records its step so it cannot be used again. The record is the
    /// check: one conditional UPDATE that only moves the factor's last accepted step forward, so of any number of
    /// requests with the same code exactly one is accepted.
    /// </summary>
    public async Task<bool> VerifyAsync(PortalUser user, UserFactor factor, string? code)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        var now = clock.UtcNow();
        if (key is null || MatchStep(key, code, now) is not { } step || !TotpPolicy.IsFresh(step, factor.LastAcceptedTimeStep))
        {
            return false;
        }

        var accepted = await db.UserFactors
            .Where(f => f.Id == factor.Id && (f.LastAcceptedTimeStep == null || f.LastAcceptedTimeStep < step))
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.LastAcceptedTimeStep, step).SetProperty(f => f.LastUsedAt, now));
        return accepted == 1;
    }

    /// <summary>Protects a key that is being set up so the form can carry it until the user proves it with a code.</summary>
    public string ProtectPendingKey(Guid userId, string key) =>
        keyProtector.Protect($"{userId:N}:{key}", TimeSpan.FromMinutes(30));

    public string? UnprotectPendingKey(Guid userId, string? protectedKey)
    {
        if (string.IsNullOrEmpty(protectedKey))
        {
            return null;
        }

        try
        {
            var value = keyProtector.Unprotect(protectedKey);
            var prefix = $"{userId:N}:";
            return value.StartsWith(prefix, StringComparison.Ordinal) ? value[prefix.Length..] : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
