using System.Security.Cryptography;
using System.Text;
using ConnecXPortal.Domain.Security;
using ConnecXPortal.Web.Data;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace ConnecXPortal.Web.Features.EmailLinks;

public enum AccountLinkState
{
    Valid,
    Unknown,
    Expired,
    Used,
}

public sealed record AccountLinkLookup(AccountLinkState State, AccountLink? Link, PortalUser? User);

/// <summary>Single-use, time-limited links for activation (7 days) and forgotten passwords (1 hour).</summary>
public sealed class AccountLinks(PortalDbContext db, TimeProvider clock)
{
    public static TimeSpan LifetimeOf(AccountLinkPurpose purpose) =>
        purpose == AccountLinkPurpose.Activation ? SecurityTimings.ActivationLink : SecurityTimings.PasswordResetLink;

    /// <summary>Creates a link token (staged; saved with the caller's unit of work). Earlier links of the same purpose stop working.</summary>
    public async Task<string> CreateAsync(PortalUser user, AccountLinkPurpose purpose)
    {
        var now = clock.GetUtcNow();
        await db.AccountLinks.Where(l => l.UserId == user.Id && l.Purpose == purpose && l.UsedAt == null && l.SupersededAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.SupersededAt, now));
        var token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        db.AccountLinks.Add(new AccountLink
        {
            UserId = user.Id,
            Purpose = purpose,
            TokenHash = HashOf(token),
            CreatedAt = now,
            ExpiresAt = now + LifetimeOf(purpose),
        });
        return token;
    }

    /// <summary>
    /// Link tokens for several users at once, by user (staged like <see cref="CreateAsync"/>): one UPDATE retires their
    /// earlier links of the same purpose, however many users there are.
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, string>> CreateManyAsync(IReadOnlyCollection<Guid> userIds, AccountLinkPurpose purpose)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        var now = clock.GetUtcNow();
        var ids = userIds.Distinct().ToList();
        await db.AccountLinks.Where(l => ids.Contains(l.UserId) && l.Purpose == purpose && l.UsedAt == null && l.SupersededAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.SupersededAt, now));
        var tokens = new Dictionary<Guid, string>(ids.Count);
        foreach (var userId in ids)
        {
            var token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
            db.AccountLinks.Add(new AccountLink
            {
                UserId = userId,
                Purpose = purpose,
                TokenHash = HashOf(token),
                CreatedAt = now,
                ExpiresAt = now + LifetimeOf(purpose),
            });
            tokens[userId] = token;
        }

        return tokens;
    }

    public async Task<AccountLinkLookup> FindAsync(string? token, AccountLinkPurpose purpose)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100)
        {
            return new AccountLinkLookup(AccountLinkState.Unknown, null, null);
        }

        var hash = HashOf(token);
        var link = await db.AccountLinks.SingleOrDefaultAsync(l => l.TokenHash == hash && l.Purpose == purpose);
        if (link is null)
        {
            return new AccountLinkLookup(AccountLinkState.Unknown, null, null);
        }

        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == link.UserId);
        var state = link.UsedAt is not null || link.SupersededAt is not null ? AccountLinkState.Used
            : clock.GetUtcNow() >= link.ExpiresAt ? AccountLinkState.Expired
            : AccountLinkState.Valid;
        return new AccountLinkLookup(user is null ? AccountLinkState.Unknown : state, link, user);
    }

    /// <summary>
    /// Uses the link up: a conditional UPDATE while it is unused, not replaced and not expired, so of parallel requests
    /// with one link exactly one gets true. Claim it before doing what it allows, and <see cref="ReleaseAsync"/> it if
    /// that is refused (a new password that does not meet the rules), so the person can try again with the same link.
    /// </summary>
    public async Task<bool> TryClaimAsync(AccountLink link)
    {
        var now = clock.UtcNow();
        var claimed = await db.AccountLinks
            .Where(l => l.Id == link.Id && l.UsedAt == null && l.SupersededAt == null && l.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.UsedAt, now));
        if (claimed == 1)
        {
            link.UsedAt = now;
            if (db.Entry(link).State != EntityState.Detached)
            {
                db.Entry(link).Property(l => l.UsedAt).OriginalValue = now;
            }
        }

        return claimed == 1;
    }

    /// <summary>Gives back a link this request claimed, when what it was claimed for did not happen.</summary>
    public async Task ReleaseAsync(AccountLink link)
    {
        var usedAt = link.UsedAt;
        await db.AccountLinks.Where(l => l.Id == link.Id && l.UsedAt == usedAt)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.UsedAt, (DateTimeOffset?)null));
        link.UsedAt = null;
        if (db.Entry(link).State != EntityState.Detached)
        {
            db.Entry(link).Property(l => l.UsedAt).OriginalValue = null;
        }
    }

    private static byte[] HashOf(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
