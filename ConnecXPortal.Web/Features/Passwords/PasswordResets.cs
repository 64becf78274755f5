using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Domain.Sessions;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Audit;
using ConnecXPortal.Web.Features.EmailLinks;
using ConnecXPortal.Web.Features.Notifications;
using ConnecXPortal.Web.Features.Sessions;
using ConnecXPortal.Web.Features.SignIn;
using ConnecXPortal.Web.Features.Throttling;
using ConnecXPortal.Web.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ConnecXPortal.Web.Features.Passwords;

public sealed record PasswordResetResult(bool Succeeded, AccountLinkState LinkState, IReadOnlyList<string> Errors);

/// <summary>
/// Forgotten passwords: a single-use link valid 1 hour, sent only to activated accounts, at most
/// RateLimits:AccountEmails:PerRecipient an hour per address, with the same answer whether or not the email is
/// registered: the request only queues the work. Setting the new password never signs in and ends every session of
/// the account.
/// </summary>
public sealed class PasswordResets(
    PortalUserManager users,
    AccountLinks links,
    AuditLog audit,
    PortalMailer mailer,
    PortalUrls urls,
    SecurityNotificationEmails notifications,
    SessionRevocation revocation,
    BackgroundEmails backgroundEmails,
    ThrottleSlots slots,
    IOptions<RateLimitOptions> limits,
    IHttpContextAccessor httpContextAccessor)
{
    public const string Template = "password-reset-link";
    public const string ResetPath = "/account/reset-password";

    /// <summary>
    /// Queues the lookup, the link and the email, and returns before any of them: nothing the requester sees (body,
    /// status, time) depends on the address, the limit or the email provider.
    /// </summary>
    public void Request(string email)
    {
        var clientAddress = ClientAddresses.Current(httpContextAccessor)?.ToString();
        backgroundEmails.Enqueue("password-reset", email, (services, cancellationToken) =>
            services.GetRequiredService<PasswordResets>().SendLinkAsync(email, clientAddress, cancellationToken));
    }

    /// <summary>
    /// Sends a reset link to an activated account, unless its address had its allowance of account emails in the last
    /// hour: then nothing is sent and the link sent before keeps working.
    /// </summary>
    public async Task SendLinkAsync(string email, string? clientAddress, CancellationToken cancellationToken = default)
    {
        var user = await users.FindByEmailAsync(email);
        if (user is null || user.ActivatedAt is null || user.PasswordHash is null)
        {
            await audit.RecordAsync(new AuditEntry(AuditEventTypes.PasswordResetRequested)
            {
                SubjectId = user?.Id,
                SubjectEmail = email.Length > 256 ? email[..256] : email,
                Details = user is null ? "Unknown email: nothing sent." : "Account not activated: nothing sent.",
                IpAddress = clientAddress,
            }, cancellationToken);
            return;
        }

        var allowance = limits.Value.AccountEmails;
        if (!(await slots.TryClaimAsync(ThrottleSlots.AccountEmailKey(user.Email!), allowance.PerRecipient, allowance.RecipientWindow, cancellationToken)).Claimed)
        {
            await audit.RecordAsync(AuditEntry.BySelf(AuditEventTypes.PasswordResetRequested, user) with
            {
                Details = "Too many emails to this address in the last hour: nothing sent; the link sent before still works.",
                IpAddress = clientAddress,
            }, cancellationToken);
            return;
        }

        var token = await links.CreateAsync(user, AccountLinkPurpose.PasswordReset);
        audit.Add(AuditEntry.BySelf(AuditEventTypes.PasswordResetRequested, user) with { Details = "Link sent.", IpAddress = clientAddress });
        await audit.SaveAsync(cancellationToken);
        var content = new EmailContent(Template, "Reset your connecX password") { Preheader = "The link works once, for 1 hour." }
            .Heading("Reset your password")
            .Paragraph($"Hello {user.GivenName}, someone (we hope you) asked to reset the password of your connecX account.")
            .Button("Choose a new password", urls.Absolute($"{ResetPath}?token={Uri.EscapeDataString(token)}"))
            .Paragraph("The link works once, for 1 hour. You will still verify it's you with your sign-in method when you next sign in.")
            .Note("If you did not ask for this, ignore this email: your password stays the same.");
        await mailer.SendAsync(content, user.Email!, user.DisplayName, cancellationToken);
    }

    public async Task<PasswordResetResult> ResetAsync(string? token, string newPassword)
    {
        var lookup = await links.FindAsync(token, AccountLinkPurpose.PasswordReset);
        if (lookup.State != AccountLinkState.Valid)
        {
            return new PasswordResetResult(false, lookup.State, []);
        }

        var user = lookup.User!;
        if (!await links.TryClaimAsync(lookup.Link!))
        {
            return new PasswordResetResult(false, AccountLinkState.Used, []);
        }

        var identityToken = await users.GeneratePasswordResetTokenAsync(user);
        var result = await users.ResetPasswordAsync(user, identityToken, newPassword);
        if (!result.Succeeded)
        {
            await links.ReleaseAsync(lookup.Link!);
            return new PasswordResetResult(false, AccountLinkState.Valid, [.. result.Errors.Select(e => e.Description)]);
        }

        var wasLocked = await users.IsLockedOutAsync(user);
        await users.EndLockoutAsync(user);
        audit.Add(AuditEntry.BySelf(AuditEventTypes.PasswordReset, user) with { Details = wasLocked ? "The lockout was lifted." : null });
        await revocation.EndAllAsync(user, SessionEndReason.PasswordReset, user);
        await notifications.SendAsync(user, SecurityNotification.PasswordReset());
        return new PasswordResetResult(true, AccountLinkState.Valid, []);
    }
}
