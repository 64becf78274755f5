using System.Security.Cryptography;
using System.Text.Json;
using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Factors;
using ConnecXPortal.Web.Features.Factors.RecoveryCodes;
using ConnecXPortal.Web.Features.Security;
using ConnecXPortal.Web.Features.SignIn;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;

namespace ConnecXPortal.Web.Features.Enrolment;

/// <summary>Who is enrolling a factor: a half-signed-in user in the wizard, or a signed-in user adding one.</summary>
public sealed record Enroller(PortalUser User, Guid AttemptId, PendingSignIn? Pending, int FactorCount);

/// <summary>
/// The rules shared by the wizard's pages: who may enrol (the half-signed-in user of the wizard, or a signed-in user;
/// one who already has a factor needs a fresh step-up), and what follows a factor (recovery codes with the first one,
/// then the sign-in finishes).
/// </summary>
public sealed class EnrolmentContext(
    PendingSignIns pendingSignIns,
    UserManager<PortalUser> users,
    FactorService factors,
    StepUp stepUp,
    RecoveryCodeService recoveryCodes,
    SignInCompletion completion,
    IDataProtectionProvider protection)
{
    public const string FinishPath = "/account/setup/finish";
    public const string ConfirmFormName = "confirm-codes";

    private readonly ITimeLimitedDataProtector codesProtector =
        protection.CreateProtector("connecX.Enrolment.RecoveryCodes").ToTimeLimitedDataProtector();

    /// <summary>The enroller, or where to send the browser instead.</summary>
    public async Task<(Enroller? Enroller, string? Redirect)> ResolveAsync(HttpContext context, string currentPath)
    {
        var pending = await pendingSignIns.GetAsync();
        if (pending is { Stage: PendingStage.Wizard })
        {
            return (new Enroller(pending.User, pending.AttemptId, pending, await factors.CountAsync(pending.User.Id)), null);
        }

        if (pending is { Stage: PendingStage.Challenge })
        {
            return (null, pending.Path);
        }

        if (context.User.Identity?.IsAuthenticated == true && await users.GetUserAsync(context.User) is { } user)
        {
            var count = await factors.CountAsync(user.Id);
            if (count > 0 && !await stepUp.IsFreshAsync(context.User))
            {
                return (null, StepUp.VerifyUrl(currentPath));
            }

            return (new Enroller(user, StepUp.SignInIdOf(context.User), null, count), null);
        }

        return (null, $"{SignInPaths.SignIn}?reason={SignInMessages.SignInExpired}");
    }

    /// <summary>After a factor is enrolled: the recovery codes to show (with the first factor), or null and where to go.</summary>
    public async Task<(IReadOnlyList<string>? Codes, string? Redirect)> AfterFactorAddedAsync(Enroller enroller, FactorKind kind)
    {
        if (FactorRules.IssuesRecoveryCodes(enroller.FactorCount))
        {
            return (await recoveryCodes.IssueAsync(enroller.User, notify: false), null);
        }

        return (null, await FinishAsync(enroller, kind));
    }

    /// <summary>Ends the wizard: a half-signed-in user is now signed in. Returns where to go next.</summary>
    public async Task<string> FinishAsync(Enroller enroller, FactorKind kind)
    {
        if (enroller.Pending is { } pending)
        {
            await pendingSignIns.EndAsync();
            await completion.CompleteAsync(enroller.User, SignInMethods.AfterPassword(kind));
            return pending.ReturnUrl;
        }

        return "/account/security?status=factor-added";
    }

    public string ProtectCodes(Guid userId, IReadOnlyList<string> codes) =>
        codesProtector.Protect(JsonSerializer.Serialize(new ProtectedCodes(userId, [.. codes])), TimeSpan.FromMinutes(30));

    public IReadOnlyList<string>? UnprotectCodes(Guid userId, string? value)
    {
        try
        {
            return string.IsNullOrEmpty(value) || JsonSerializer.Deserialize<ProtectedCodes>(codesProtector.Unprotect(value)) is not { } codes || codes.UserId != userId
                ? null
                : codes.Codes;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private sealed record ProtectedCodes(Guid UserId, List<string> Codes);
}
