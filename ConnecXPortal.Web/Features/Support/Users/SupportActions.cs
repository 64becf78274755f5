using System.Security.Claims;
using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Domain.People;
using ConnecXPortal.Domain.Sessions;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Audit;
using ConnecXPortal.Web.Features.Factors;
using ConnecXPortal.Web.Features.Invitations;
using ConnecXPortal.Web.Features.Notifications;
using ConnecXPortal.Web.Features.Security;
using ConnecXPortal.Web.Features.Sessions;
using ConnecXPortal.Web.Features.SignIn;
using ConnecXPortal.Web.Hosting;
using Microsoft.AspNetCore.Identity;

namespace ConnecXPortal.Web.Features.Support.Users;

/// <summary>The answer to a support action: done, or why not, in a sentence for the page.</summary>
public sealed record SupportActionResult(bool Done, string Message)
{
    /// <summary>Nothing was done because the support user must verify it's them first (step-up).</summary>
    public bool NeedsStepUp { get; init; }

    public static SupportActionResult Success(string message) => new(true, message);

    public static SupportActionResult Problem(string message) => new(false, message);

    public static SupportActionResult StepUpRequired() =>
        new(false, "Verify it's you first: support actions need a verification in the last 5 minutes.") { NeedsStepUp = true };
}

/// <summary>
/// What support can do to someone else's account, each with a reason for the audit log and a step-up in the last 5
/// minutes; support never sees or sets a secret. The rules and their reasons are in this feature's README.
/// </summary>
public sealed class SupportActions(
    PortalUserManager users,
    SecondFactors factors,
    SessionRevocation revocation,
    ResidentInvitations invitations,
    StepUp stepUp,
    PortalMailer mailer,
    PortalUrls urls,
    PortalTime time,
    TimeProvider clock,
    AuditLog audit)
{
    public const int MinReasonLength = 5;
    public const int MaxReasonLength = 500;
    public const string StaffResetTemplate = "support-staff-factors-reset";

    /// <summary>Why <paramref name="reason"/> is not acceptable, or null.</summary>
    public static string? ReasonProblem(string? reason) => reason?.Trim() switch
    {
        null or { Length: 0 } => "Give a reason: it is recorded in the audit log.",
        { Length: < MinReasonLength } => $"Give a reason of at least {MinReasonLength} characters: it is recorded in the audit log.",
        { Length: > MaxReasonLength } => $"Keep the reason to {MaxReasonLength} characters or fewer.",
        _ => null,
    };

    public async Task<SupportActionResult> ResetFactorsAsync(ClaimsPrincipal actor, Guid userId, string? reason, string? confirmation)
    {
        var (support, user, problem) = await LoadAsync(actor, userId, reason);
        if (problem is not null)
        {
            return problem;
        }

        if (!string.Equals(confirmation?.Trim(), user!.Email, StringComparison.OrdinalIgnoreCase))
        {
            return SupportActionResult.Problem($"To confirm, type the user's email address exactly: {user.Email}");
        }

        var count = await factors.CountAsync(user.Id);
        if (count == 0)
        {
            return SupportActionResult.Problem($"{user.Email} has no sign-in methods to reset.");
        }

        await factors.ResetAllAsync(user, support!, reason!.Trim(), revocation);
        if (await StaffRoleOfAsync(user) is { } role)
        {
            await AlertSupportAsync(user, role, support!, reason!.Trim(), count);
        }

        return SupportActionResult.Success(
            $"Reset {user.Email}'s sign-in methods ({count} removed). Their sessions have ended and we have emailed them; " +
            "they will set up a new method when they next sign in.");
    }

    public async Task<SupportActionResult> RemoveFactorAsync(ClaimsPrincipal actor, Guid userId, Guid factorId, string? reason)
    {
        var (support, user, problem) = await LoadAsync(actor, userId, reason);
        if (problem is not null)
        {
            return problem;
        }

        return await factors.RemoveAsync(user!, factorId, support, reason!.Trim()) switch
        {
            FactorChangeOutcome.Done => SupportActionResult.Success($"Removed the sign-in method from {user!.Email}'s account. We have emailed them."),
            FactorChangeOutcome.LastFactor => SupportActionResult.Problem(
                $"That is {user!.Email}'s only sign-in method. To take it away, reset all sign-in methods instead (that also ends their sessions)."),
            _ => SupportActionResult.Problem("That sign-in method no longer exists. The page shows the account as it is now."),
        };
    }

    public async Task<SupportActionResult> UnlockAsync(ClaimsPrincipal actor, Guid userId, string? reason)
    {
        var (support, user, problem) = await LoadAsync(actor, userId, reason);
        if (problem is not null)
        {
            return problem;
        }

        if (!await users.IsLockedOutAsync(user!))
        {
            return SupportActionResult.Problem($"{user!.Email}'s account is not locked.");
        }

        var until = user!.LockoutEnd;
        await users.EndLockoutAsync(user);
        Check(await users.ResetAccessFailedCountAsync(user));
        await audit.RecordAsync(AuditEntry.ByStaff(AuditEventTypes.AccountUnlocked, support!, user) with
        {
            Reason = reason!.Trim(),
            Details = $"Was locked until {until:u}.",
        });
        return SupportActionResult.Success($"Unlocked {user.Email}'s account. They can sign in again now.");
    }

    public async Task<SupportActionResult> ResendActivationAsync(ClaimsPrincipal actor, Guid userId, string? reason)
    {
        var (support, user, problem) = await LoadAsync(actor, userId, reason);
        if (problem is not null)
        {
            return problem;
        }

        var result = await invitations.ResendAsync(support!, user!.Id, reason!.Trim());
        return result.Outcome switch
        {
            _ when invitations.LimitMessage(result, user.Email!) is { } limited => SupportActionResult.Problem(limited),
            InvitationOutcome.Sent => SupportActionResult.Success($"Sent {user.Email} a new activation link. The previous link no longer works."),
            InvitationOutcome.AlreadyActivated => SupportActionResult.Problem($"{user.Email} has already activated their account."),
            _ => SupportActionResult.Problem($"{user.Email} is not a resident of a building, so there is no invitation to resend."),
        };
    }

    public async Task<SupportActionResult> EndSessionsAsync(ClaimsPrincipal actor, Guid userId, string? reason)
    {
        var (support, user, problem) = await LoadAsync(actor, userId, reason);
        if (problem is not null)
        {
            return problem;
        }

        var ended = await revocation.EndAllAsync(user!, SessionEndReason.EndedBySupport, support!, reason!.Trim());
        return SupportActionResult.Success(ended switch
        {
            0 => $"{user!.Email} had no live sessions; any page still open will ask them to sign in again.",
            1 => $"Ended {user!.Email}'s only session.",
            _ => $"Ended {user!.Email}'s {ended} sessions.",
        });
    }

    private async Task<string?> StaffRoleOfAsync(PortalUser user) =>
        await users.IsInRoleAsync(user, PortalRoles.Support) ? "support"
        : await users.IsInRoleAsync(user, PortalRoles.BuildingManager) ? "building manager"
        : null;

    /// <summary>Tells every support user (but the one reset) that a staff account's sign-in methods were reset, by whom and why.</summary>
    private async Task AlertSupportAsync(PortalUser user, string role, PortalUser support, string reason, int count)
    {
        var name = $"{user.GivenName} {user.FamilyName}".Trim();
        var who = name.Length > 0 ? $"{name} ({user.Email})" : user.Email;
        foreach (var recipient in (await users.GetUsersInRoleAsync(PortalRoles.Support)).Where(r => r.Id != user.Id))
        {
            var content = new EmailContent(StaffResetTemplate, $"A {role} account's sign-in methods were reset")
            {
                Preheader = $"{support.Email} reset the sign-in methods of {user.Email}.",
            }
                .Heading("A staff account's sign-in methods were reset")
                .Paragraph($"{support.Email} reset the sign-in methods of {who}, a {role} account: {count} removed, every session ended.")
                .Paragraph($"Reason given: {reason}")
                .Paragraph($"When: {time.DateTime(clock.GetUtcNow())} (Sydney time).")
                .Button("See it in the audit log", urls.Absolute(SupportRoutes.AuditLogAbout(user.Email!)))
                .Note("Every support user gets this email when a building manager's or support account is reset, because whoever sets " +
                      "it up again gets that account's access. If you did not expect it, check with the person and with " +
                      $"{support.Email} before anything else.");
            await mailer.SendAsync(content, recipient.Email!, recipient.DisplayName);
        }
    }

    private async Task<(PortalUser? Support, PortalUser? User, SupportActionResult? Problem)> LoadAsync(ClaimsPrincipal actor, Guid userId, string? reason)
    {
        var support = await users.GetUserAsync(actor);
        if (support is null || !await users.IsInRoleAsync(support, PortalRoles.Support))
        {
            return (null, null, SupportActionResult.Problem("Only connecX support can do this."));
        }

        if (ReasonProblem(reason) is { } reasonProblem)
        {
            return (null, null, SupportActionResult.Problem(reasonProblem));
        }

        if (!await stepUp.IsFreshAsync(actor))
        {
            return (null, null, SupportActionResult.StepUpRequired());
        }

        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null)
        {
            return (null, null, SupportActionResult.Problem("That user no longer exists."));
        }

        if (user.Id == support.Id)
        {
            return (null, null, SupportActionResult.Problem("You can't change your own account from the support console. Use your Security page."));
        }

        return (support, user, null);
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not update the account: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}
