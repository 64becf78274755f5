using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Audit;
using Microsoft.AspNetCore.Identity;

namespace ConnecXPortal.Web.Features.SignIn;

public enum PasswordCheckOutcome
{
    Succeeded,

    /// <summary>Unknown email, no password yet, or a wrong password: the user is told the same in each case.</summary>
    Failed,

    /// <summary>The password is right but the account is locked. Only reported once the password is right.</summary>
    LockedOut,
}

public sealed record PasswordCheckResult(PasswordCheckOutcome Outcome, PortalUser? User = null, DateTimeOffset? LockedUntil = null);

/// <summary>
/// The password step of a sign-in. Unlike <see cref="SignInManager{TUser}.PasswordSignInAsync(string, string, bool, bool)"/>,
/// it checks the password before the lockout, so a locked account is indistinguishable from a wrong password to
/// anyone who does not know the password; and it does the same hashing work for unknown emails.
/// </summary>
public sealed class PasswordSignIn(
    UserManager<PortalUser> users,
    IPasswordHasher<PortalUser> hasher,
    AuditLog audit)
{
    private static readonly PortalUser NobodyUser = new();
    private static string? nobodyHash;

    public async Task<PasswordCheckResult> CheckAsync(string email, string password, CancellationToken cancellationToken = default)
    {
        var user = await users.FindByEmailAsync(email);
        if (user?.PasswordHash is null)
        {
            // Spend the same time as a real check so response times do not tell which emails are registered.
            nobodyHash ??= hasher.HashPassword(NobodyUser, Guid.NewGuid().ToString());
            hasher.VerifyHashedPassword(NobodyUser, nobodyHash, password);
            await audit.RecordAsync(new AuditEntry(AuditEventTypes.SignInFailed)
            {
                SubjectId = user?.Id,
                SubjectEmail = Truncate(email),
                Details = user is null ? "Unknown email." : "Account not activated.",
            }, cancellationToken);
            return new PasswordCheckResult(PasswordCheckOutcome.Failed);
        }

        var passwordIsRight = await users.CheckPasswordAsync(user, password);
        if (await users.IsLockedOutAsync(user))
        {
            await audit.RecordAsync(AuditEntry.BySelf(AuditEventTypes.SignInFailed, user) with
            {
                Details = passwordIsRight ? "Account locked." : "Wrong password while locked.",
            }, cancellationToken);
            return passwordIsRight
                ? new PasswordCheckResult(PasswordCheckOutcome.LockedOut, user, user.LockoutEnd)
                : new PasswordCheckResult(PasswordCheckOutcome.Failed);
        }

        if (!passwordIsRight)
        {
            await users.AccessFailedAsync(user);
            audit.Add(AuditEntry.BySelf(AuditEventTypes.SignInFailed, user) with { Details = "Wrong password." });
            if (await users.IsLockedOutAsync(user))
            {
                audit.Add(AuditEntry.BySelf(AuditEventTypes.AccountLockedOut, user) with { Details = "Too many failed attempts." });
            }

            await audit.SaveAsync(cancellationToken);
            return new PasswordCheckResult(PasswordCheckOutcome.Failed);
        }

        return new PasswordCheckResult(PasswordCheckOutcome.Succeeded, user);
    }

    private static string Truncate(string email) => email.Length > 256 ? email[..256] : email;
}
