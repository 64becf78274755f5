using System.Security.Cryptography;
using System.Text.Json;
using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Domain.Security;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Audit;
using ConnecXPortal.Web.Features.Factors;
using ConnecXPortal.Web.Features.Factors.EmailCode;
using ConnecXPortal.Web.Features.Security;
using ConnecXPortal.Web.Features.Sessions;
using ConnecXPortal.Web.Features.SignIn;
using ConnecXPortal.Web.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;

namespace ConnecXPortal.Web.Features.Enrolment;

/// <summary>Who is enrolling a factor: a half-signed-in user in the wizard, or a signed-in user adding one.</summary>
/// <param name="User">The account, as loaded for this request.</param>
/// <param name="AttemptId">The wizard attempt, or the signed-in session: emailed codes are bound to it.</param>
/// <param name="Pending">The half-finished sign-in, in the wizard; null for a signed-in user.</param>
/// <param name="Factors">The account's factors now.</param>
/// <param name="MailboxProved">This attempt showed it can read the account's mailbox (activation link or an emailed code).</param>
public sealed record Enroller(PortalUser User, Guid AttemptId, PendingSignIn? Pending, IReadOnlyList<UserFactor> Factors, bool MailboxProved)
{
    public int FactorCount => Factors.Count;

    /// <summary>The factors this wizard attempt enrolled (none for a signed-in user, whose changes finish at once).</summary>
    public IReadOnlyList<UserFactor> Added => Pending is { } pending ? [.. Factors.Where(f => pending.AddedFactorIds.Contains(f.Id))] : [];

    /// <summary>Whether <paramref name="kind"/> can only be enrolled after an emailed code (<see cref="FactorRules.NeedsMailboxProof"/>).</summary>
    public bool NeedsMailboxProof(FactorKind kind) => FactorRules.NeedsMailboxProof(FactorCount, kind, MailboxProved);
}

/// <summary>What the wizard's pages do next: carry on with the enroller, or send the browser elsewhere.</summary>
public sealed record EnrolmentResolution(Enroller? Enroller, string? Redirect);

/// <summary>What follows a set-up step's save: the recovery codes to show, or where to go; neither when it was not saved.</summary>
public sealed record FactorStep(IReadOnlyList<string>? Codes, string? Redirect);

/// <summary>
/// The rules shared by the wizard's pages, checked against the account as it is now on every request: who may enrol
/// (the half-signed-in user of a wizard attempt that is still valid, or a signed-in user; one who already has a
/// factor needs a fresh step-up, one without must prove the mailbox before an authenticator app or passkey), and what
/// follows a factor (the recovery codes of the first one, shown once, then the sign-in finishes).
/// </summary>
public sealed class EnrolmentContext(
    PendingSignIns pendingSignIns,
    UserManager<PortalUser> users,
    SecondFactors factors,
    EmailCodes emailCodes,
    StepUp stepUp,
    SignInCompletion completion,
    SignInManager<PortalUser> signInManager,
    AuditLog audit,
    TimeProvider clock,
    IDataProtectionProvider protection)
{
    public const string SetupPath = "/account/setup";
    public const string FinishPath = "/account/setup/finish";
    public const string ConfirmEmailPath = "/account/setup/confirm-email";
    public const string ConfirmFormName = "confirm-codes";
    public const string FinishWithoutCodesFormName = "finish-setup";

    private readonly ITimeLimitedDataProtector codesProtector =
        protection.CreateProtector("connecX.Enrolment.RecoveryCodes.v2").ToTimeLimitedDataProtector();

    /// <summary>Where a void attempt goes: the sign-in page, saying the set-up is no longer valid.</summary>
    public static string VoidRedirect => $"{SignInPaths.SignIn}?reason={SignInMessages.SetupVoid}";

    /// <summary>The set-up page of a method, for the mailbox step's "next".</summary>
    public static string PathOf(FactorKind kind) => kind switch
    {
        FactorKind.AuthenticatorApp => "/account/setup/authenticator",
        FactorKind.Passkey => "/account/setup/passkey",
        _ => "/account/setup/email",
    };

    /// <summary>
    /// The enroller, or where to send the browser instead. A wizard attempt whose account gained a factor it did not
    /// add (or whose security stamp changed) is void: its pending state is signed out and it is told to sign in again.
    /// </summary>
    /// <param name="context">The request.</param>
    /// <param name="currentPath">Where a step-up returns to.</param>
    /// <param name="finishing">The last step: a signed-in user's factor is already saved, so no step-up is asked for.</param>
    public async Task<EnrolmentResolution> ResolveAsync(HttpContext context, string currentPath, bool finishing = false)
    {
        var pending = await pendingSignIns.GetAsync();
        if (pending is null && pendingSignIns.Rejection == PendingRejection.AccountChanged)
        {
            return new(null, VoidRedirect);
        }

        if (pending is { Stage: PendingStage.Wizard })
        {
            var current = await factors.ListAsync(pending.User.Id);
            if (FactorRules.IsAttemptVoid(current.Select(f => f.Id), pending.AddedFactorIds))
            {
                await pendingSignIns.EndAsync();
                await audit.RecordAsync(AuditEntry.BySelf(AuditEventTypes.EnrolmentVoided, pending.User) with
                {
                    Details = "The account gained a sign-in method this set-up did not add.",
                });
                return new(null, VoidRedirect);
            }

            var proved = pending.MailboxProvedByLink
                || await emailCodes.WasAcceptedAsync(pending.User.Id, pending.AttemptId, pending.StartedAt);
            return new(new Enroller(pending.User, pending.AttemptId, pending, current, proved), null);
        }

        if (pending is { Stage: PendingStage.Challenge })
        {
            return new(null, pending.Path);
        }

        if (context.User.Identity?.IsAuthenticated == true && await users.GetUserAsync(context.User) is { } user)
        {
            var current = await factors.ListAsync(user.Id);
            if (current.Count > 0 && !finishing && !await stepUp.IsFreshAsync(context.User))
            {
                return new(null, StepUp.VerifyUrl(currentPath));
            }

            var sessionId = StepUp.SignInIdOf(context.User);
            var proved = current.Count == 0
                && await emailCodes.WasAcceptedAsync(user.Id, sessionId, clock.GetUtcNow() - SecurityTimings.PendingSignIn);
            return new(new Enroller(user, sessionId, null, current, proved), null);
        }

        return new(null, $"{SignInPaths.SignIn}?reason={SignInMessages.SignInExpired}");
    }

    /// <summary>Records that the enroller entered the code emailed to their address, for the audit log.</summary>
    public Task RecordMailboxProvedAsync(Enroller enroller) =>
        audit.RecordAsync(AuditEntry.BySelf(AuditEventTypes.EnrolmentEmailConfirmed, enroller.User));

    /// <summary>
    /// After a factor was saved: the wizard attempt (or the signed-in session) carries on with the account's new
    /// security stamp, and the recovery codes come back with the first factor, to be shown this once. Null when the
    /// factor could not be saved because the account changed meanwhile: the attempt is void.
    /// </summary>
    public async Task<IReadOnlyList<string>?> AfterFactorAddedAsync(HttpContext context, Enroller enroller, FactorAdded added)
    {
        if (enroller.Pending is { } pending)
        {
            await pendingSignIns.UpdateAsync(pending with { AddedFactorIds = [.. pending.AddedFactorIds, added.Factor.Id] });
        }
        else
        {
            await signInManager.ReissueSessionCookieAsync(enroller.User, context.User);
        }

        return added.RecoveryCodes;
    }

    public const string ConflictMessage = "Your account changed while this was being saved, so nothing was added. Try again.";

    /// <summary>
    /// After a set-up step tried to save its factor (<paramref name="added"/> null when it could not): the first
    /// factor's recovery codes, or the finish (the account had codes already), or away from an attempt another
    /// set-up made void. Neither means nothing was saved and the page asks the user to try again.
    /// </summary>
    public async Task<FactorStep> AfterAddAsync(HttpContext context, Enroller enroller, FactorAdded? added)
    {
        if (added is null)
        {
            return new FactorStep(null, await AfterFailedAddAsync(enroller));
        }

        return await AfterFactorAddedAsync(context, enroller, added) is { } codes
            ? new FactorStep(codes, null)
            : new FactorStep(null, await FinishAsync(enroller) ?? SetupPath);
    }

    /// <summary>The error for an emailed code the wizard did not accept; null when it was accepted.</summary>
    public static string? EmailCodeError(EmailCodeCheck check) => check switch
    {
        EmailCodeCheck.Accepted => null,
        EmailCodeCheck.Wrong => SecondFactorVerifier.WrongCode,
        _ => SecondFactorVerifier.NoEmailCode,
    };

    /// <summary>The wait the method choice passed on (<c>?wait=</c>, in seconds) when it could not send a code yet.</summary>
    public static string? WaitError(int? waitSeconds) =>
        waitSeconds is > 0 ? EmailCodeTiming.WaitMessage(TimeSpan.FromSeconds(waitSeconds.Value)) : null;

    /// <summary>
    /// A factor could not be saved. When another set-up won the race (the account has a factor this wizard attempt did
    /// not add), the attempt is void from now on and this returns where to go; otherwise null, and the page asks the
    /// user to try again.
    /// </summary>
    public async Task<string?> AfterFailedAddAsync(Enroller enroller)
    {
        if (enroller.Pending is not { } pending)
        {
            return null;
        }

        // A new security stamp alone (a password reset elsewhere) voids the attempt at its next request.
        var current = await factors.ListAsync(enroller.User.Id);
        if (!FactorRules.IsAttemptVoid(current.Select(f => f.Id), pending.AddedFactorIds))
        {
            return null;
        }

        await pendingSignIns.EndAsync();
        await audit.RecordAsync(AuditEntry.BySelf(AuditEventTypes.EnrolmentVoided, enroller.User) with
        {
            Details = "The account's sign-in methods changed while the set-up was saving one.",
        });
        return VoidRedirect;
    }

    /// <summary>
    /// Ends the wizard: a half-signed-in user whose attempt enrolled a factor is now signed in. Returns where to go
    /// next, or null when this attempt enrolled nothing (it cannot finish).
    /// </summary>
    public async Task<string?> FinishAsync(Enroller enroller)
    {
        if (enroller.Pending is not { } pending)
        {
            return "/account/security?status=factor-added";
        }

        if (enroller.Added is not [var first, ..])
        {
            return null;
        }

        await pendingSignIns.EndAsync();
        await completion.CompleteAsync(enroller.User, SignInMethods.AfterPassword(first.Kind));
        return pending.ReturnUrl;
    }

    /// <summary>The codes being shown, for the confirmation form: bound to this user and attempt, 30 minutes.</summary>
    public string ProtectCodes(Enroller enroller, IReadOnlyList<string> codes) =>
        codesProtector.Protect(JsonSerializer.Serialize(new ProtectedCodes(enroller.User.Id, enroller.AttemptId, [.. codes])), TimeSpan.FromMinutes(30));

    public IReadOnlyList<string>? UnprotectCodes(Enroller enroller, string? value)
    {
        try
        {
            return string.IsNullOrEmpty(value)
                || JsonSerializer.Deserialize<ProtectedCodes>(codesProtector.Unprotect(value)) is not { } codes
                || codes.UserId != enroller.User.Id || codes.AttemptId != enroller.AttemptId
                ? null
                : codes.Codes;
        }
        catch (Exception e) when (e is CryptographicException or JsonException)
        {
            return null;
        }
    }

    private sealed record ProtectedCodes(Guid UserId, Guid AttemptId, List<string> Codes);
}
