using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Audit;
using ConnecXPortal.Web.Features.Factors.EmailCode;
using ConnecXPortal.Web.Features.Factors.RecoveryCodes;
using ConnecXPortal.Web.Features.Factors.Totp;
using ConnecXPortal.Web.Features.Observability;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ConnecXPortal.Web.Features.Factors;

/// <summary>The ways a second factor can be proved: the three factor kinds, and a recovery code.</summary>
public enum ChallengeMethod
{
    AuthenticatorApp = 1,
    Passkey = 2,
    EmailCode = 3,
    RecoveryCode = 4,
}

public enum VerificationOutcome
{
    Verified,
    Failed,
    LockedOut,
}

public sealed record VerificationResult(VerificationOutcome Outcome, SignInMethod? Method = null, string? Message = null)
{
    public bool Succeeded => Outcome == VerificationOutcome.Verified;
}

/// <summary>
/// Checks a second factor for a known user (after the password, or for a step-up). Every failure counts towards the
/// same lockout as wrong passwords (5 attempts, 15 minutes) through <see cref="ISecondFactorFailures"/>, and after a right
/// password towards the "someone knows your password" alert; the counts are only reset when a whole sign-in succeeds
/// (SignIn's completion). Each code is used up by a conditional UPDATE, so it is accepted once however many
/// requests bring it at the same moment.
/// </summary>
public sealed class SecondFactorVerifier(
    PortalDbContext db,
    UserManager<PortalUser> users,
    SignInManager<PortalUser> signInManager,
    AuthenticatorApp authenticator,
    EmailCodes emailCodes,
    UserRecoveryCodes recoveryCodes,
    ISecondFactorFailures failures,
    AuditLog audit,
    PortalMetrics metrics,
    TimeProvider clock)
{
    public const string WrongCode = "That code is not right. Check it and try again.";
    public const string NoEmailCode = "That code has expired or was replaced by a newer one. Send a new code and enter it here.";
    public const string WrongRecoveryCode = "That recovery code is not right, or it was used before. Check it and try again.";
    public const string PasskeyFailed = "Your passkey could not be verified. Try again, or use another method.";

    /// <summary>Checks a code of <paramref name="method"/> for <paramref name="user"/>.</summary>
    /// <param name="user">Whose factor it is.</param>
    /// <param name="method">An authenticator app, email or recovery code.</param>
    /// <param name="code">What the user entered.</param>
    /// <param name="attemptId">The sign-in attempt or session emailed codes are bound to.</param>
    /// <param name="afterPassword">A sign-in's second factor (the password was just right), rather than a step-up.</param>
    public async Task<VerificationResult> VerifyCodeAsync(PortalUser user, ChallengeMethod method, string? code, Guid attemptId, bool afterPassword)
    {
        var result = await CheckCodeAsync(user, method, code, attemptId, afterPassword);
        metrics.SecondFactorVerified(method, result.Outcome);
        return result;
    }

    /// <summary>Verifies a passkey assertion (from <c>navigator.credentials.get()</c>) for <paramref name="user"/>.</summary>
    public async Task<VerificationResult> VerifyPasskeyAsync(PortalUser user, string? credentialJson, bool afterPassword)
    {
        var result = await CheckPasskeyAsync(user, credentialJson, afterPassword);
        metrics.SecondFactorVerified(ChallengeMethod.Passkey, result.Outcome);
        return result;
    }

    /// <summary>
    /// "Sign in with a passkey": a user-verified passkey alone (possession plus biometrics or device PIN) is
    /// multi-factor. Returns the user, or null when the passkey is not one of the portal's enrolled factors.
    /// </summary>
    public async Task<(PortalUser? User, VerificationOutcome Outcome)> VerifyPasskeyOnlyAsync(string? credentialJson)
    {
        var result = await CheckPasskeyOnlyAsync(credentialJson);
        metrics.SecondFactorVerified(ChallengeMethod.Passkey, result.Outcome);
        return result;
    }

    private async Task<VerificationResult> CheckCodeAsync(PortalUser user, ChallengeMethod method, string? code, Guid attemptId, bool afterPassword)
    {
        if (await users.IsLockedOutAsync(user))
        {
            return await LockedAsync(user);
        }

        switch (method)
        {
            case ChallengeMethod.AuthenticatorApp:
                {
                    var factor = await FactorAsync(user, FactorKind.AuthenticatorApp);
                    if (factor is not null && await authenticator.VerifyAsync(user, factor, code))
                    {
                        return new VerificationResult(VerificationOutcome.Verified, SignInMethods.AfterPassword(FactorKind.AuthenticatorApp));
                    }

                    return await FailedAsync(user, "Wrong or reused authenticator app code.", WrongCode, afterPassword);
                }

            case ChallengeMethod.EmailCode:
                {
                    var factor = await FactorAsync(user, FactorKind.EmailCode);
                    var check = factor is null ? EmailCodeCheck.NoUsableCode : await emailCodes.CheckAsync(user.Id, attemptId, code);
                    return check switch
                    {
                        EmailCodeCheck.Accepted => await VerifiedAsync(factor!, SignInMethods.AfterPassword(FactorKind.EmailCode)),
                        EmailCodeCheck.Wrong => await FailedAsync(user, "Wrong email code.", WrongCode, afterPassword),
                        _ => new VerificationResult(VerificationOutcome.Failed, Message: NoEmailCode),
                    };
                }

            case ChallengeMethod.RecoveryCode:
                if (await recoveryCodes.RedeemAsync(user, code))
                {
                    return new VerificationResult(VerificationOutcome.Verified, SignInMethod.PasswordAndRecoveryCode);
                }

                return await FailedAsync(user, "Wrong or used recovery code.", WrongRecoveryCode, afterPassword);

            default:
                throw new ArgumentOutOfRangeException(nameof(method), method, "Passkeys are verified with VerifyPasskeyAsync.");
        }
    }

    private async Task<VerificationResult> CheckPasskeyAsync(PortalUser user, string? credentialJson, bool afterPassword)
    {
        if (await users.IsLockedOutAsync(user))
        {
            return await LockedAsync(user);
        }

        if (string.IsNullOrEmpty(credentialJson))
        {
            return new VerificationResult(VerificationOutcome.Failed, Message: PasskeyFailed);
        }

        var assertion = await PerformAssertionAsync(credentialJson);
        if (assertion is not { Succeeded: true } || assertion.User.Id != user.Id)
        {
            return await FailedAsync(user, "Passkey not accepted.", PasskeyFailed, afterPassword);
        }

        var factor = await db.UserFactors.SingleOrDefaultAsync(f => f.UserId == user.Id && f.Kind == FactorKind.Passkey && f.CredentialId == assertion.Passkey.CredentialId);
        if (factor is null || !(await users.AddOrUpdatePasskeyAsync(user, assertion.Passkey)).Succeeded)
        {
            return await FailedAsync(user, "Passkey not enrolled.", PasskeyFailed, afterPassword);
        }

        return await VerifiedAsync(factor, SignInMethods.AfterPassword(FactorKind.Passkey));
    }

    private async Task<(PortalUser? User, VerificationOutcome Outcome)> CheckPasskeyOnlyAsync(string? credentialJson)
    {
        if (string.IsNullOrEmpty(credentialJson) || await PerformAssertionAsync(credentialJson) is not { Succeeded: true } assertion)
        {
            await audit.RecordAsync(new AuditEntry(AuditEventTypes.SignInFailed) { Details = "Passkey not accepted." });
            return (null, VerificationOutcome.Failed);
        }

        var user = assertion.User;
        var factor = await db.UserFactors.SingleOrDefaultAsync(f => f.UserId == user.Id && f.Kind == FactorKind.Passkey && f.CredentialId == assertion.Passkey.CredentialId);
        if (factor is null || user.ActivatedAt is null)
        {
            await audit.RecordAsync(AuditEntry.BySelf(AuditEventTypes.SignInFailed, user) with { Details = "Passkey not enrolled as a factor." });
            return (null, VerificationOutcome.Failed);
        }

        if (await users.IsLockedOutAsync(user))
        {
            await audit.RecordAsync(AuditEntry.BySelf(AuditEventTypes.SignInFailed, user) with { Details = "Account locked." });
            return (user, VerificationOutcome.LockedOut);
        }

        await users.AddOrUpdatePasskeyAsync(user, assertion.Passkey);
        await VerifiedAsync(factor, SignInMethod.Passkey);
        return (user, VerificationOutcome.Verified);
    }

    private async Task<PasskeyAssertionResult<PortalUser>?> PerformAssertionAsync(string credentialJson)
    {
        try
        {
            return await signInManager.PerformPasskeyAssertionAsync(credentialJson);
        }
        catch (InvalidOperationException)
        {
            // No ceremony under way (the options cookie expired or was used): the same as a failed assertion.
            return null;
        }
    }

    private Task<UserFactor?> FactorAsync(PortalUser user, FactorKind kind) =>
        db.UserFactors.FirstOrDefaultAsync(f => f.UserId == user.Id && f.Kind == kind);

    private async Task<VerificationResult> VerifiedAsync(UserFactor factor, SignInMethod method)
    {
        var now = clock.UtcNow();
        await db.UserFactors.Where(f => f.Id == factor.Id).ExecuteUpdateAsync(s => s.SetProperty(f => f.LastUsedAt, now));
        return new VerificationResult(VerificationOutcome.Verified, method);
    }

    /// <summary>An attempt while the account is locked: not checked (so no guess is tested), but audited.</summary>
    private async Task<VerificationResult> LockedAsync(PortalUser user)
    {
        await audit.RecordAsync(AuditEntry.BySelf(AuditEventTypes.SecondFactorFailed, user) with { Details = "Not checked: the account is locked." });
        return new VerificationResult(VerificationOutcome.LockedOut);
    }

    private async Task<VerificationResult> FailedAsync(PortalUser user, string details, string message, bool afterPassword)
    {
        var locked = await failures.SecondFactorFailedAsync(user, details, afterPassword);
        return new VerificationResult(locked ? VerificationOutcome.LockedOut : VerificationOutcome.Failed, Message: message);
    }
}
