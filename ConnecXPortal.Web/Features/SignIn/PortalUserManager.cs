using ConnecXPortal.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ConnecXPortal.Web.Features.SignIn;

/// <summary>What one failed attempt did to the account's lockout.</summary>
public enum FailedAttemptOutcome
{
    /// <summary>Counted towards the lockout; the account is not locked.</summary>
    Counted,

    /// <summary>This attempt reached the limit and locked the account (exactly one attempt of a burst does).</summary>
    LockedNow,

    /// <summary>The account was already locked: not counted, and the lockout is not extended.</summary>
    WhileLocked,
}

/// <summary>
/// Identity's user manager with lockout on the injected <see cref="TimeProvider"/> (Identity itself reads the system
/// clock), and with the lockout counter changed by conditional UPDATEs instead of Identity's read, change and save with
/// its concurrency stamp: parallel failures each count, exactly one of them locks, and none answers a concurrency error.
/// </summary>
public sealed class PortalUserManager(
    IUserStore<PortalUser> store,
    IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<PortalUser> passwordHasher,
    IEnumerable<IUserValidator<PortalUser>> userValidators,
    IEnumerable<IPasswordValidator<PortalUser>> passwordValidators,
    ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<UserManager<PortalUser>> logger,
    TimeProvider clock,
    PortalDbContext db)
    : UserManager<PortalUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    public TimeProvider Clock { get; } = clock;

    public override async Task<bool> IsLockedOutAsync(PortalUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!await GetLockoutEnabledAsync(user))
        {
            return false;
        }

        var lockoutEnd = await GetLockoutEndDateAsync(user);
        return lockoutEnd > Clock.GetUtcNow();
    }

    public override async Task<IdentityResult> AccessFailedAsync(PortalUser user)
    {
        await RecordFailedAttemptAsync(user);
        return IdentityResult.Success;
    }

    /// <summary>
    /// Counts a failed password or second factor. Two conditional UPDATEs: the first counts the failure unless the
    /// account is locked (none changed: it is); the second locks it if the count reached the limit and it is not
    /// locked yet, which only one of any number of parallel attempts can do.
    /// </summary>
    public async Task<FailedAttemptOutcome> RecordFailedAttemptAsync(PortalUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var now = Clock.UtcNow();
        var counted = await db.Users
            .Where(u => u.Id == user.Id && (u.LockoutEnd == null || u.LockoutEnd <= now || !u.LockoutEnabled))
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.AccessFailedCount, u => u.AccessFailedCount + 1));
        var outcome = FailedAttemptOutcome.WhileLocked;
        if (counted == 1)
        {
            var max = Options.Lockout.MaxFailedAccessAttempts;
            var until = now + Options.Lockout.DefaultLockoutTimeSpan;
            var locked = await db.Users
                .Where(u => u.Id == user.Id && u.LockoutEnabled && u.AccessFailedCount >= max && (u.LockoutEnd == null || u.LockoutEnd <= now))
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.LockoutEnd, until).SetProperty(u => u.AccessFailedCount, 0));
            outcome = locked == 1 ? FailedAttemptOutcome.LockedNow : FailedAttemptOutcome.Counted;
            if (locked == 1)
            {
                Logger.LogWarning("User {UserId} is locked out after {Count} failed attempts.", user.Id, max);
            }
        }

        await RefreshLockoutStateAsync(user);
        return outcome;
    }

    /// <summary>
    /// A complete sign-in (or support's unlock) starts the failed-attempt counts again: the lockout counter and the
    /// count of second factors failed after a right password. One UPDATE, no concurrency stamp.
    /// </summary>
    public override async Task<IdentityResult> ResetAccessFailedCountAsync(PortalUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.AccessFailedCount, 0)
            .SetProperty(u => u.SecondFactorFailedCount, 0)
            .SetProperty(u => u.SecondFactorFailedSince, (DateTimeOffset?)null));
        await RefreshLockoutStateAsync(user);
        return IdentityResult.Success;
    }

    /// <summary>
    /// Lifts a lockout and clears the counter, as a forgotten-password reset does: the link proved the mailbox the
    /// lockout email went to, so the owner who followed its advice can sign in straight away (with their second factor).
    /// </summary>
    public async Task EndLockoutAsync(PortalUser user)
    {
        await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.LockoutEnd, (DateTimeOffset?)null)
            .SetProperty(u => u.AccessFailedCount, 0));
        await RefreshLockoutStateAsync(user);
    }

    /// <summary>
    /// Not used: <see cref="PasswordSignIn"/> is the one password check. Identity's own would rehash with a read, change
    /// and save that also rotates the security stamp, a second rehash path beside <see cref="RehashPasswordAsync"/>.
    /// </summary>
    public override Task<bool> CheckPasswordAsync(PortalUser user, string password) =>
        throw new NotSupportedException("Check passwords with PasswordSignIn: it handles lockout and rehashes with a conditional UPDATE.");

    /// <summary>
    /// Stores a new hash of the password just verified (the hasher asked for a rehash, such as a higher iteration
    /// count), only if the hash is still the one verified. The security stamp stays: nobody is signed out.
    /// </summary>
    public async Task RehashPasswordAsync(PortalUser user, string password)
    {
        var verified = user.PasswordHash;
        var rehashed = PasswordHasher.HashPassword(user, password);
        var written = await db.Users.Where(u => u.Id == user.Id && u.PasswordHash == verified)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.PasswordHash, rehashed));
        if (written == 1)
        {
            user.PasswordHash = rehashed;
            MarkUnchanged(user, nameof(PortalUser.PasswordHash));
        }
    }

    /// <summary>
    /// Reads the counters the UPDATEs changed into <paramref name="user"/>, as unchanged values, so that a later save of
    /// the same entity in this scope writes nothing stale back.
    /// </summary>
    private async Task RefreshLockoutStateAsync(PortalUser user)
    {
        var current = await db.Users.AsNoTracking().Where(u => u.Id == user.Id)
            .Select(u => new { u.AccessFailedCount, u.LockoutEnd, u.SecondFactorFailedCount, u.SecondFactorFailedSince, u.PasswordKnownAlertSentAt })
            .SingleAsync();
        user.AccessFailedCount = current.AccessFailedCount;
        user.LockoutEnd = current.LockoutEnd;
        user.SecondFactorFailedCount = current.SecondFactorFailedCount;
        user.SecondFactorFailedSince = current.SecondFactorFailedSince;
        user.PasswordKnownAlertSentAt = current.PasswordKnownAlertSentAt;
        MarkUnchanged(user, nameof(PortalUser.AccessFailedCount), nameof(PortalUser.LockoutEnd), nameof(PortalUser.SecondFactorFailedCount),
            nameof(PortalUser.SecondFactorFailedSince), nameof(PortalUser.PasswordKnownAlertSentAt));
    }

    private void MarkUnchanged(PortalUser user, params string[] properties)
    {
        var entry = db.Entry(user);
        if (entry.State == EntityState.Detached)
        {
            return;
        }

        foreach (var name in properties)
        {
            var property = entry.Property(name);
            property.OriginalValue = property.CurrentValue;
            property.IsModified = false;
        }
    }
}
