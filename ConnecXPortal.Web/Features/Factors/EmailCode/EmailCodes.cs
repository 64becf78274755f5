using System.Security.Cryptography;
using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Audit;
using ConnecXPortal.Web.Features.Notifications;
using ConnecXPortal.Web.Features.Throttling;
using Microsoft.EntityFrameworkCore;

namespace ConnecXPortal.Web.Features.Factors.EmailCode;

public enum EmailCodeCheck
{
    Accepted,
    Wrong,

    /// <summary>No usable code for this attempt: none sent, expired, used, or void after too many wrong entries.</summary>
    NoUsableCode,
}

/// <param name="Throttled">Refused by the request limits (Features/Throttling) rather than the code policy.</param>
public sealed record EmailCodeSendResult(bool Sent, TimeSpan? WaitFor = null, bool Throttled = false);

/// <summary>
/// Sends and checks the 6-digit codes of the email factor, with the limits of <see cref="EmailCodePolicy"/> and, for
/// every caller (portal, wizard, step-up, app API), the request limits per account and client address.
/// </summary>
public sealed class EmailCodes(PortalDbContext db, PortalMailer mailer, AuditLog audit, Throttle throttle, ThrottleSlots slots, TimeProvider clock)
{
    public const string Template = "email-code";

    public async Task<EmailCodeSendResult> SendAsync(PortalUser user, Guid attemptId, EmailCodePurpose purpose, CancellationToken cancellationToken = default)
    {
        if (throttle.Attempt(ThrottleAction.EmailCodes, Throttle.UserKey(user.Id)) is { Allowed: false } refused)
        {
            return new EmailCodeSendResult(false, refused.RetryAfter, Throttled: true);
        }

        var now = clock.GetUtcNow();
        var since = now - EmailCodePolicy.SendWindow;
        var recent = await db.EmailCodeChallenges.Where(c => c.UserId == user.Id && c.SentAt > since)
            .Select(c => c.SentAt).ToListAsync(cancellationToken);
        if (EmailCodePolicy.WaitBeforeSending(now, recent) is { } wait)
        {
            return new EmailCodeSendResult(false, wait);
        }

        // The gap between codes taken in one conditional statement: of requests racing past the check above, one sends.
        // Sends are then at least ResendAfter apart, so the hourly count read above cannot be raced either.
        var gap = await slots.TryClaimAsync($"email-code:{Throttle.UserKey(user.Id)}", 1, EmailCodePolicy.ResendAfter, cancellationToken);
        if (!gap.Claimed)
        {
            return new EmailCodeSendResult(false, TimeSpan.FromSeconds(Math.Max(1, (gap.NextFreeAt!.Value - now).TotalSeconds)));
        }

        await db.EmailCodeChallenges.Where(c => c.AttemptId == attemptId && c.UsedAt == null && c.VoidedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.VoidedAt, now), cancellationToken);

        var code = EmailCodePolicy.Format(RandomNumberGenerator.GetInt32(0, 1_000_000));
        var salt = SecretHashing.NewSalt();
        db.EmailCodeChallenges.Add(new EmailCodeChallenge
        {
            UserId = user.Id,
            AttemptId = attemptId,
            Purpose = purpose,
            Salt = salt,
            Hash = SecretHashing.Hash(code, salt),
            SentAt = now,
        });
        audit.Add(AuditEntry.BySelf(AuditEventTypes.EmailCodeSent, user) with { Details = purpose.ToString() });
        await db.SaveChangesAsync(cancellationToken);

        var minutes = (int)EmailCodePolicy.Lifetime.TotalMinutes;
        var content = new EmailContent(Template, $"Your connecX code is {code}") { Preheader = $"It works for {minutes} minutes." }
            .Heading("Your connecX verification code")
            .Paragraph(purpose switch
            {
                EmailCodePurpose.Enrolment => "Enter this code to set up email codes as a way to verify it's you:",
                EmailCodePurpose.MailboxProof => "Enter this code to confirm this is your email address before you set up an authenticator app or a passkey:",
                _ => "Enter this code to verify it's you:",
            })
            .Code(code)
            .Paragraph($"It works once, for {minutes} minutes.")
            .Note("If you did not just try to sign in to connecX, someone may know your password: change it, and do not share this code. " +
                  "connecX will never ask you for it.");
        await mailer.SendAsync(content, user.Email!, user.DisplayName, cancellationToken);
        return new EmailCodeSendResult(true);
    }

    /// <summary>When the latest code for this attempt was sent, if it can still be used.</summary>
    public async Task<DateTimeOffset?> ActiveCodeSentAtAsync(Guid userId, Guid attemptId)
    {
        var latest = await LatestAsync(userId, attemptId);
        return latest is not null && IsUsable(latest) ? latest.SentAt : null;
    }

    /// <summary>
    /// Whether a code emailed for this attempt was entered correctly since <paramref name="since"/>: proof that whoever
    /// holds the attempt can read the account's mailbox.
    /// </summary>
    public Task<bool> WasAcceptedAsync(Guid userId, Guid attemptId, DateTimeOffset since, CancellationToken cancellationToken = default) =>
        db.EmailCodeChallenges.AnyAsync(c => c.UserId == userId && c.AttemptId == attemptId && c.UsedAt != null && c.UsedAt >= since, cancellationToken);

    /// <summary>
    /// Checks a code against the attempt's latest one. Using it up and counting a wrong entry are each one conditional
    /// UPDATE on the code's row that only applies while the code is usable, so of parallel entries of the right code
    /// exactly one is accepted, and parallel wrong entries are each counted until the code is void.
    /// </summary>
    public async Task<EmailCodeCheck> CheckAsync(Guid userId, Guid attemptId, string? input)
    {
        var challenge = await LatestAsync(userId, attemptId);
        if (challenge is null || !IsUsable(challenge))
        {
            return EmailCodeCheck.NoUsableCode;
        }

        var now = clock.UtcNow();
        var sentAfter = now - EmailCodePolicy.Lifetime;
        var usable = db.EmailCodeChallenges.Where(c => c.Id == challenge.Id && c.UsedAt == null && c.VoidedAt == null
            && c.WrongEntries < EmailCodePolicy.MaxWrongEntries && c.SentAt > sentAfter);
        var code = CodeFormat.Normalize(input);
        if (EmailCodePolicy.IsWellFormed(code) && SecretHashing.Matches(code!, challenge.Salt, challenge.Hash))
        {
            var used = await usable.ExecuteUpdateAsync(s => s.SetProperty(c => c.UsedAt, now));
            return used == 1 ? EmailCodeCheck.Accepted : EmailCodeCheck.NoUsableCode;
        }

        var counted = await usable.ExecuteUpdateAsync(s => s
            .SetProperty(c => c.WrongEntries, c => c.WrongEntries + 1)
            .SetProperty(c => c.VoidedAt, c => c.WrongEntries + 1 >= EmailCodePolicy.MaxWrongEntries ? (DateTimeOffset?)now : c.VoidedAt));
        return counted == 1 ? EmailCodeCheck.Wrong : EmailCodeCheck.NoUsableCode;
    }

    private Task<EmailCodeChallenge?> LatestAsync(Guid userId, Guid attemptId) =>
        db.EmailCodeChallenges.AsNoTracking().Where(c => c.UserId == userId && c.AttemptId == attemptId)
            .OrderByDescending(c => c.SentAt).FirstOrDefaultAsync();

    private bool IsUsable(EmailCodeChallenge challenge) =>
        challenge.VoidedAt is null
        && EmailCodePolicy.IsUsable(challenge.SentAt, clock.GetUtcNow(), challenge.WrongEntries, challenge.UsedAt is not null);
}
