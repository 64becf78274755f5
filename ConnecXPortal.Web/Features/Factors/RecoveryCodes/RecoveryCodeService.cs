using System.Security.Cryptography;
using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Audit;
using ConnecXPortal.Web.Features.Notifications;
using Microsoft.EntityFrameworkCore;

namespace ConnecXPortal.Web.Features.Factors.RecoveryCodes;

/// <summary>Issues and redeems single-use recovery codes, stored only as salted hashes.</summary>
public sealed class RecoveryCodeService(PortalDbContext db, AuditLog audit, SecurityNotificationEmails notifications, TimeProvider clock)
{
    /// <summary>Replaces the user's codes with <see cref="RecoveryCodePolicy.Count"/> new ones and returns them (the only time they exist in clear).</summary>
    public async Task<IReadOnlyList<string>> IssueAsync(PortalUser user, bool notify)
    {
        var now = clock.GetUtcNow();
        await db.RecoveryCodes.Where(c => c.UserId == user.Id).ExecuteDeleteAsync();
        var codes = Enumerable.Range(0, RecoveryCodePolicy.Count)
            .Select(_ => RecoveryCodePolicy.FromIndexes([.. Enumerable.Range(0, RecoveryCodePolicy.Length)
                .Select(_ => RandomNumberGenerator.GetInt32(RecoveryCodePolicy.Alphabet.Length))]))
            .ToList();
        foreach (var code in codes)
        {
            var salt = SecretHashing.NewSalt();
            db.RecoveryCodes.Add(new RecoveryCode { UserId = user.Id, Salt = salt, Hash = SecretHashing.Hash(code, salt), CreatedAt = now });
        }

        audit.Add(AuditEntry.BySelf(AuditEventTypes.RecoveryCodesIssued, user));
        await db.SaveChangesAsync();
        if (notify)
        {
            await notifications.SendAsync(user, SecurityNotification.RecoveryCodesIssued());
        }

        return [.. codes.Select(RecoveryCodePolicy.Display)];
    }

    public Task<int> CountUnusedAsync(Guid userId) => db.RecoveryCodes.CountAsync(c => c.UserId == userId && c.UsedAt == null);

    /// <summary>
    /// Uses up the matching code; false when none matches (or it was used before). Using it up is the check: a
    /// conditional UPDATE on the code's row while it is unused, so of parallel requests with one code exactly one wins.
    /// </summary>
    public async Task<bool> RedeemAsync(PortalUser user, string? input)
    {
        if (RecoveryCodePolicy.Normalize(input) is not { } code)
        {
            return false;
        }

        var unused = await db.RecoveryCodes.AsNoTracking().Where(c => c.UserId == user.Id && c.UsedAt == null).ToListAsync();
        var match = unused.FirstOrDefault(c => SecretHashing.Matches(code, c.Salt, c.Hash));
        if (match is null)
        {
            return false;
        }

        var now = clock.UtcNow();
        if (await db.RecoveryCodes.Where(c => c.Id == match.Id && c.UsedAt == null).ExecuteUpdateAsync(s => s.SetProperty(c => c.UsedAt, now)) == 0)
        {
            return false;
        }

        var left = await CountUnusedAsync(user.Id);
        await audit.RecordAsync(AuditEntry.BySelf(AuditEventTypes.RecoveryCodeUsed, user) with { Details = $"{left} unused code(s) left." });
        await notifications.SendAsync(user, SecurityNotification.RecoveryCodeUsed(left));
        return true;
    }
}
