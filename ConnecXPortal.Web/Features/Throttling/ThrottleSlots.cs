using System.Security.Cryptography;
using System.Text;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Observability;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace ConnecXPortal.Web.Features.Throttling;

/// <summary>
/// One of the <c>n</c> slots of a limit of "at most n per window" kept in the database, so that every instance shares
/// it: a slot is taken when it was last used more than a window ago. <see cref="Key"/> names what is limited
/// (for example the hash of an email address); the key and slot number are the primary key.
/// </summary>
public sealed class ThrottleSlot
{
    public const int MaxKeyLength = 100;

    public required string Key { get; set; }

    public int Slot { get; set; }

    public DateTimeOffset UsedAt { get; set; }
}

/// <summary>Whether a slot was taken and, when not, when the next one frees up.</summary>
public sealed record SlotClaim(bool Claimed, DateTimeOffset? NextFreeAt = null);

/// <summary>
/// Limits of "at most n per window" that hold across instances. Taking a slot is one conditional statement: an
/// UPDATE of a slot last used before the window (another request that took the same slot first makes it update
/// nothing), or the INSERT of a slot never used (the primary key refuses a second). No two requests can take the same
/// slot, so at most n succeed in any window, however many arrive at once. Its own DbContext: a claim is never saved
/// with, or rolled back with, the caller's unit of work.
/// </summary>
public sealed class ThrottleSlots(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock, PortalMetrics metrics)
{
    /// <summary>The key of the password-reset and activation emails to one email address (a hash: no address is stored).</summary>
    public static string AccountEmailKey(string email) =>
        "account-email:" + WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToUpperInvariant())));

    public async Task<SlotClaim> TryClaimAsync(string key, int slots, TimeSpan window, CancellationToken cancellationToken = default)
    {
        var claim = await ClaimAsync(key, slots, window, cancellationToken);
        if (!claim.Claimed)
        {
            // The key's prefix ("account-email", "email-code") names the limit; what follows it is never a tag.
            metrics.RateLimitRejected(key.Split(':', 2)[0], "shared");
        }

        return claim;
    }

    private async Task<SlotClaim> ClaimAsync(string key, int slots, TimeSpan window, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(key.Length, ThrottleSlot.MaxKeyLength);
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.UtcNow();
        var freeBefore = now - window;

        // Each pass either takes a slot, finds none free, or lost a slot to a concurrent request (which took it).
        for (var pass = 0; pass <= 2 * slots; pass++)
        {
            var used = await db.ThrottleSlots.AsNoTracking()
                .Where(s => s.Key == key && s.Slot < slots)
                .Select(s => new { s.Slot, s.UsedAt })
                .ToListAsync(cancellationToken);
            var free = used.Where(s => s.UsedAt <= freeBefore).OrderBy(s => s.UsedAt).FirstOrDefault();
            if (free is not null)
            {
                var taken = await db.ThrottleSlots
                    .Where(s => s.Key == key && s.Slot == free.Slot && s.UsedAt <= freeBefore)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.UsedAt, now), cancellationToken);
                if (taken == 1)
                {
                    return new SlotClaim(true);
                }

                continue;
            }

            if (used.Count < slots)
            {
                var next = Enumerable.Range(0, slots).First(n => used.All(s => s.Slot != n));
                var row = new ThrottleSlot { Key = key, Slot = next, UsedAt = now };
                db.Add(row);
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    return new SlotClaim(true);
                }
                catch (DbUpdateException)
                {
                    // Another request inserted that slot first; look again.
                    db.Entry(row).State = EntityState.Detached;
                    continue;
                }
            }

            return new SlotClaim(false, used.Min(s => s.UsedAt) + window);
        }

        return new SlotClaim(false, now + window);
    }
}
