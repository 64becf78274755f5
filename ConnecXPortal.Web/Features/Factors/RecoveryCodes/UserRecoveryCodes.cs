using System.Security.Cryptography;
using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Audit;
using ConnecXPortal.Web.Features.Notifications;
using Microsoft.EntityFrameworkCore;

namespace ConnecXPortal.Web.Features.Factors.RecoveryCodes;

/// <summary>
/// Issues and redeems single-use recovery codes, stored only as salted hashes. A set is issued once per enrolment, with
/// the first factor (<see cref="SecondFactors"/>), and after that only by an explicit, stepped-up renewal.
/// </summary>
public sealed class UserRecoveryCodes(
    PortalDbContext db,
    AuditLog audit,
    SecurityNotificationEmails notifications,
    FactorChangeCommit commit,
    TimeProvider clock)
{
    /// <summary>
    /// Replaces the user's codes with <see cref="RecoveryCodePolicy.Count"/> new ones and returns them (the only time
    /// they exist in clear). A change to the sign-in methods: the security stamp rotates and the other portal sessions end.
    /// </summary>
    public async Task<IReadOnlyList<string>> IssueAsync(PortalUser user, bool notify)
    {
        var codes = await StageAsync(user);
        if (!await commit.SaveAsync(user))
        {
            throw new InvalidOperationException("The account changed while its recovery codes were being renewed. Try again.");
        }

        if (notify)
        {
            await notifications.SendAsync(user, SecurityNotification.RecoveryCodesIssued());
        }

        return codes;
    }

    /// <summary>Stages a new set in place of the old one (saved with the caller's unit of work) and returns it for display.</summary>
    internal async Task<IReadOnlyList<string>> StageAsync(PortalUser user)
    {
        var now = clock.GetUtcNow();
        db.RecoveryCodes.RemoveRange(await db.RecoveryCodes.Where(c => c.UserId == user.Id).ToListAsync());
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
