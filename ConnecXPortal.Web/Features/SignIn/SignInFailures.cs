using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Domain.Security;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Audit;
using ConnecXPortal.Web.Features.Factors;
using ConnecXPortal.Web.Features.Notifications;
using ConnecXPortal.Web.Features.Observability;
using ConnecXPortal.Web.Hosting;
using Microsoft.EntityFrameworkCore;

namespace ConnecXPortal.Web.Features.SignIn;

/// <summary>
/// What a failed sign-in step does, in the portal and the apps alike: it counts towards the shared lockout, is audited,
/// emails the owner once when it locks the account, and, for a second factor failed after a right password, counts
/// towards the "someone knows your password" alert (<see cref="SignInAlertPolicy"/>). Every count is a conditional
/// UPDATE, so a burst of parallel failures counts each one and sends each email once.
/// </summary>
public sealed class SignInFailures(
    PortalUserManager users,
    PortalDbContext db,
    AuditLog audit,
    SecurityNotificationEmails notifications,
    PortalTime time,
    TimeProvider clock,
    PortalMetrics metrics,
    ILogger<SignInFailures> logger) : ISecondFactorFailures
{
    public async Task WrongPasswordAsync(PortalUser user, CancellationToken cancellationToken = default)
    {
        var outcome = await users.RecordFailedAttemptAsync(user);
        audit.Add(AuditEntry.BySelf(AuditEventTypes.SignInFailed, user) with
        {
            Details = outcome == FailedAttemptOutcome.WhileLocked ? "Attempt while locked: the password was wrong." : "Wrong password.",
        });
        await FinishAsync(user, outcome, alert: false, "password", cancellationToken);
    }

    /// <summary>A password attempt on a locked account: refused like a wrong one, neither counted nor extending the lockout.</summary>
    public Task AttemptWhileLockedAsync(PortalUser user, bool passwordWasRight, CancellationToken cancellationToken = default) =>
        audit.RecordAsync(AuditEntry.BySelf(AuditEventTypes.SignInFailed, user) with
        {
            Details = passwordWasRight ? "Attempt while locked: the password was right." : "Attempt while locked: the password was wrong.",
        }, cancellationToken);

    /// <summary>A second factor that was not accepted. True when the account is locked now (by this failure or before it).</summary>
    /// <param name="user">Whose factor it was.</param>
    /// <param name="details">What was wrong, for the audit log.</param>
    /// <param name="afterPassword">A sign-in's second factor (the password was right), rather than a signed-in user's step-up.</param>
    /// <param name="cancellationToken">Cancels the database work.</param>
    public async Task<bool> SecondFactorFailedAsync(PortalUser user, string details, bool afterPassword, CancellationToken cancellationToken = default)
    {
        var outcome = await users.RecordFailedAttemptAsync(user);
        audit.Add(AuditEntry.BySelf(AuditEventTypes.SecondFactorFailed, user) with
        {
            Details = outcome == FailedAttemptOutcome.WhileLocked ? $"{details} The account was locked." : details,
        });
        await FinishAsync(user, outcome, afterPassword, "second_factor", cancellationToken);
        return outcome != FailedAttemptOutcome.Counted;
    }

    private async Task FinishAsync(PortalUser user, FailedAttemptOutcome outcome, bool alert, string step, CancellationToken cancellationToken)
    {
        if (outcome == FailedAttemptOutcome.LockedNow)
        {
            audit.Add(AuditEntry.BySelf(AuditEventTypes.AccountLockedOut, user) with
            {
                Details = $"Too many failed attempts; locked until {user.LockoutEnd:O}. The owner was emailed.",
            });
        }

        var failures = alert ? await CountSecondFactorFailureAsync(user, cancellationToken) : 0;
        if (failures > 0)
        {
            audit.Add(AuditEntry.BySelf(AuditEventTypes.PasswordKnownAlert, user) with
            {
                Details = $"The right password, then {failures} failed second factors. The owner was emailed.",
            });
        }

        await audit.SaveAsync(cancellationToken);
        if (outcome == FailedAttemptOutcome.LockedNow)
        {
            metrics.LockedOut(step);
            var until = user.LockoutEnd ?? clock.GetUtcNow() + users.Options.Lockout.DefaultLockoutTimeSpan;
            await NotifyAsync(user, SecurityNotification.AccountLocked(users.Options.Lockout.DefaultLockoutTimeSpan, time.DateTime(until)), cancellationToken);
        }

        if (failures > 0)
        {
            await NotifyAsync(user, SecurityNotification.PasswordKnown(failures), cancellationToken);
        }
    }

    /// <summary>
    /// Counts a second factor failed after a right password (a new count when the last one is older than the window), then
    /// claims the alert when it is due: the claim is a conditional UPDATE, so of parallel failures one claims it and the
    /// count starts again. Returns the failures the alert is for, or 0 when none is due.
    /// </summary>
    private async Task<int> CountSecondFactorFailureAsync(PortalUser user, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow();
        var windowStart = now - SignInAlertPolicy.Window;
        await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.SecondFactorFailedCount, u => u.SecondFactorFailedSince != null && u.SecondFactorFailedSince > windowStart ? u.SecondFactorFailedCount + 1 : 1)
            .SetProperty(u => u.SecondFactorFailedSince, u => u.SecondFactorFailedSince != null && u.SecondFactorFailedSince > windowStart ? u.SecondFactorFailedSince : now),
            cancellationToken);

        var lastAllowed = now - SignInAlertPolicy.MinimumInterval;
        var claimed = await db.Users
            .Where(u => u.Id == user.Id && u.SecondFactorFailedCount >= SignInAlertPolicy.FailuresBeforeAlert
                && (u.PasswordKnownAlertSentAt == null || u.PasswordKnownAlertSentAt <= lastAllowed))
            .ExecuteUpdateAsync(s => s
                .SetProperty(u => u.PasswordKnownAlertSentAt, now)
                .SetProperty(u => u.SecondFactorFailedCount, 0)
                .SetProperty(u => u.SecondFactorFailedSince, (DateTimeOffset?)null), cancellationToken);
        return claimed == 1 ? SignInAlertPolicy.FailuresBeforeAlert : 0;
    }

    private async Task NotifyAsync(PortalUser user, SecurityNotification notification, CancellationToken cancellationToken)
    {
        try
        {
            await notifications.SendAsync(user, notification, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The refusal stands whether or not the email goes; the sign-in answer must not change with the mail service.
            logger.LogError(e, "Could not send the {Template} email to user {UserId}.", notification.Template, user.Id);
        }
    }
}
