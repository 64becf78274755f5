using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Audit;
using ConnecXPortal.Web.Features.Observability;
using ConnecXPortal.Web.Features.Sessions;
using Microsoft.AspNetCore.Identity;

namespace ConnecXPortal.Web.Features.SignIn;

public enum PasswordCheckOutcome
{
    Succeeded,

    /// <summary>
    /// Unknown email, no password yet, a wrong password, or any password while the account is locked: the user is told
    /// the same in each case (<see cref="SignInMessages.WrongCredentials"/>).
    /// </summary>
    Failed,
}

public sealed record PasswordCheckResult(PasswordCheckOutcome Outcome, PortalUser? User = null);

/// <summary>
/// The password step of a sign-in. Unlike <see cref="SignInManager{TUser}.PasswordSignInAsync(string, string, bool, bool)"/>
/// it is no lockout oracle: while an account is locked every password, right or wrong, fails exactly as a wrong one
/// does. Every path verifies one password hash (a stand-in for unknown emails), so the time taken tells nothing either.
/// </summary>
public sealed class PasswordSignIn(
    PortalUserManager users,
    IPasswordHasher<PortalUser> hasher,
    SignInFailures failures,
    AuditLog audit,
    PortalMetrics metrics)
{
    private static readonly PortalUser NobodyUser = new();
    private static string? nobodyHash;

    /// <param name="email">As typed.</param>
    /// <param name="password">As typed.</param>
    /// <param name="client">Where the sign-in comes from, for the metrics.</param>
    /// <param name="cancellationToken">Cancels the database work.</param>
    public async Task<PasswordCheckResult> CheckAsync(string email, string password, SignInClient client, CancellationToken cancellationToken = default)
    {
        var user = await users.FindByEmailAsync(email);
        if (user?.PasswordHash is null)
        {
            // Made by the configured hasher, so verifying it costs what verifying a real password does.
            nobodyHash ??= hasher.HashPassword(NobodyUser, Guid.NewGuid().ToString());
            hasher.VerifyHashedPassword(NobodyUser, nobodyHash, password);
            await audit.RecordAsync(new AuditEntry(AuditEventTypes.SignInFailed)
            {
                SubjectId = user?.Id,
                SubjectEmail = Truncate(email),
                Details = user is null ? "Unknown email." : "Account not activated.",
            }, cancellationToken);
            metrics.SignIn(client, user is null ? "unknown_account" : "not_activated");
            return new PasswordCheckResult(PasswordCheckOutcome.Failed);
        }

        var verification = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        var passwordIsRight = verification != PasswordVerificationResult.Failed;
        if (await users.IsLockedOutAsync(user))
        {
            await failures.AttemptWhileLockedAsync(user, passwordIsRight, cancellationToken);
            metrics.SignIn(client, "locked_out");
            return new PasswordCheckResult(PasswordCheckOutcome.Failed);
        }

        if (!passwordIsRight)
        {
            await failures.WrongPasswordAsync(user, cancellationToken);
            metrics.SignIn(client, "wrong_password");
            return new PasswordCheckResult(PasswordCheckOutcome.Failed);
        }

        if (verification == PasswordVerificationResult.SuccessRehashNeeded)
        {
            await users.RehashPasswordAsync(user, password);
        }

        return new PasswordCheckResult(PasswordCheckOutcome.Succeeded, user);
    }

    private static string Truncate(string email) => email.Length > 256 ? email[..256] : email;
}
