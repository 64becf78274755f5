using System.ComponentModel.DataAnnotations;
using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Domain.People;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Audit;
using ConnecXPortal.Web.Features.EmailLinks;
using ConnecXPortal.Web.Features.Notifications;
using ConnecXPortal.Web.Features.Throttling;
using ConnecXPortal.Web.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ConnecXPortal.Web.Features.Invitations;

public sealed class InvitationRequest
{
    [Required(ErrorMessage = "Enter the resident's first name.")]
    [StringLength(100, ErrorMessage = "A first name has at most 100 characters.")]
    public string GivenName { get; set; } = "";

    [Required(ErrorMessage = "Enter the resident's last name.")]
    [StringLength(100, ErrorMessage = "A last name has at most 100 characters.")]
    public string FamilyName { get; set; } = "";

    [Required(ErrorMessage = "Enter the resident's email address.")]
    [EmailAddress(ErrorMessage = "Enter an email address like name@example.com.")]
    [StringLength(256, ErrorMessage = "An email address has at most 256 characters.")]
    public string Email { get; set; } = "";

    [Required(ErrorMessage = "Choose the building.")]
    public Guid? BuildingId { get; set; }

    [Required(ErrorMessage = "Enter the unit.")]
    [StringLength(20, ErrorMessage = "A unit has at most 20 characters.")]
    public string Unit { get; set; } = "";
}

public enum InvitationOutcome
{
    Sent,

    /// <summary>The inviter may not invite into that building.</summary>
    NotAllowed,

    /// <summary>An account with that email exists already (use <see cref="ResidentInvitations.ResendAsync"/> if it is only invited).</summary>
    AlreadyExists,

    UnknownBuilding,

    /// <summary>The account is activated already, so there is nothing to resend.</summary>
    AlreadyActivated,

    /// <summary>The inviter sent many invitations in a short time; <see cref="InvitationResult.RetryAt"/> says when to go on.</summary>
    TooManyInvitations,

    /// <summary>
    /// The address was sent its allowance of account emails in the last hour: nothing was sent (the account exists if it
    /// was new); <see cref="InvitationResult.RetryAt"/> says when another can be sent.
    /// </summary>
    TooManyEmails,
}

public sealed record InvitationResult(InvitationOutcome Outcome, Guid? UserId = null, DateTimeOffset? RetryAt = null);

/// <summary>
/// Invites residents: support into any building, a building manager only into the buildings they manage. Each
/// invitation creates the account without a password and emails a single-use activation link valid for 7 days.
/// Each inviter may send RateLimits:Invitations:PerInviter per window, and each address gets at most
/// RateLimits:AccountEmails:PerRecipient activation and reset emails an hour, whoever asks. Reusable by the support
/// console and the managers' dashboard.
/// </summary>
public sealed class ResidentInvitations(
    PortalDbContext db,
    UserManager<PortalUser> users,
    AccountLinks links,
    AuditLog audit,
    PortalMailer mailer,
    PortalUrls urls,
    Throttle throttle,
    ThrottleSlots slots,
    IOptions<RateLimitOptions> limits,
    BackgroundEmails backgroundEmails,
    IHttpContextAccessor httpContextAccessor,
    ILogger<ResidentInvitations> logger,
    PortalTime time,
    TimeProvider clock)
{
    public const string Template = "invitation";
    public const string ExistingAccountTemplate = "invitation-existing-account";
    public const string ActivatePath = "/account/activate";

    /// <summary>The buildings <paramref name="inviter"/> may invite into.</summary>
    public async Task<List<Building>> BuildingsForAsync(PortalUser inviter)
    {
        if (await users.IsInRoleAsync(inviter, PortalRoles.Support))
        {
            return await db.Buildings.OrderBy(b => b.Name).ToListAsync();
        }

        return await db.BuildingManagers.Where(a => a.ManagerId == inviter.Id).Select(a => a.Building).OrderBy(b => b.Name).ToListAsync();
    }

    /// <summary>
    /// Invites a new resident. An address that already has an account answers <see cref="InvitationOutcome.AlreadyExists"/>
    /// to support and to a manager of that account's building; any other manager gets the answer of a sent invitation,
    /// so the form cannot tell them who has an account elsewhere: nothing is created, the person gets a neutral note,
    /// and the attempt is audited.
    /// </summary>
    public async Task<InvitationResult> InviteAsync(PortalUser inviter, InvitationRequest request)
    {
        if (InviterRefused(inviter) is { } refused)
        {
            return refused;
        }

        var building = await db.Buildings.SingleOrDefaultAsync(b => b.Id == request.BuildingId);
        if (building is null)
        {
            return new InvitationResult(InvitationOutcome.UnknownBuilding);
        }

        if (!await MayInviteIntoAsync(inviter, building.Id))
        {
            return new InvitationResult(InvitationOutcome.NotAllowed);
        }

        var email = request.Email.Trim();
        if (await users.FindByEmailAsync(email) is { } existing)
        {
            if (await users.IsInRoleAsync(inviter, PortalRoles.Support)
                || (existing.BuildingId is { } home && await MayInviteIntoAsync(inviter, home)))
            {
                return new InvitationResult(InvitationOutcome.AlreadyExists, existing.Id);
            }

            await ConcealExistingAsync(inviter, existing, building);
            return new InvitationResult(InvitationOutcome.Sent);
        }

        var now = clock.GetUtcNow();
        var user = new PortalUser
        {
            UserName = email,
            Email = email,
            GivenName = request.GivenName.Trim(),
            FamilyName = request.FamilyName.Trim(),
            BuildingId = building.Id,
            Unit = request.Unit.Trim(),
            CreatedAt = now,
            InvitedAt = now,
            LockoutEnabled = true,
        };
        var created = await users.CreateAsync(user);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException($"Could not create the invited account: {string.Join("; ", created.Errors.Select(e => e.Description))}");
        }

        await users.AddToRoleAsync(user, PortalRoles.Resident);
        if (await ClaimEmailAsync(user) is { } nextAt)
        {
            return new InvitationResult(InvitationOutcome.TooManyEmails, user.Id, nextAt);
        }

        await SendAsync(inviter, user, building, AuditEventTypes.InvitationSent);
        return new InvitationResult(InvitationOutcome.Sent, user.Id);
    }

    /// <summary>
    /// Sends a new activation link (the old one stops working) to an account that is not activated yet; support gives
    /// a <paramref name="reason"/> for the audit log.
    /// </summary>
    public async Task<InvitationResult> ResendAsync(PortalUser inviter, Guid userId, string? reason = null)
    {
        if (InviterRefused(inviter) is { } refused)
        {
            return refused;
        }

        var user = await db.Users.Include(u => u.Building).SingleOrDefaultAsync(u => u.Id == userId);
        if (user?.Building is null || !await MayInviteIntoAsync(inviter, user.Building.Id))
        {
            return new InvitationResult(InvitationOutcome.NotAllowed);
        }

        if (user.ActivatedAt is not null)
        {
            return new InvitationResult(InvitationOutcome.AlreadyActivated, user.Id);
        }

        if (await ClaimEmailAsync(user) is { } nextAt)
        {
            return new InvitationResult(InvitationOutcome.TooManyEmails, user.Id, nextAt);
        }

        user.InvitedAt = clock.GetUtcNow();
        await SendAsync(inviter, user, user.Building, AuditEventTypes.InvitationResent, reason);
        return new InvitationResult(InvitationOutcome.Sent, user.Id);
    }

    /// <summary>
    /// A new activation link requested by the resident from an expired or used one: queued, so the request answers the
    /// same, at the same speed, whatever the address (see <see cref="SendNewLinkAsync"/>).
    /// </summary>
    public void RequestNewLink(string email)
    {
        var clientAddress = ClientAddresses.Current(httpContextAccessor)?.ToString();
        backgroundEmails.Enqueue("activation-link", email, (services, cancellationToken) =>
            services.GetRequiredService<ResidentInvitations>().SendNewLinkAsync(email, clientAddress, cancellationToken));
    }

    /// <summary>
    /// Sends a new activation link to an account that is not activated, unless its address had its allowance of
    /// account emails in the last hour (then nothing is sent and the link sent before keeps working).
    /// </summary>
    public async Task SendNewLinkAsync(string email, string? clientAddress, CancellationToken cancellationToken = default)
    {
        var normalized = email.Trim().ToUpperInvariant();
        var user = await db.Users.Include(u => u.Building).SingleOrDefaultAsync(u => u.NormalizedEmail == normalized, cancellationToken);
        if (user is not { ActivatedAt: null, Building: not null })
        {
            return;
        }

        if (await ClaimEmailAsync(user, cancellationToken) is not null)
        {
            logger.LogInformation("Did not send a requested activation link: the address was sent its allowance of account emails in the last hour.");
            return;
        }

        user.InvitedAt = clock.GetUtcNow();
        await SendAsync(user, user, user.Building, AuditEventTypes.InvitationResent, clientAddress: clientAddress, cancellationToken: cancellationToken);
    }

    /// <summary>What a limit that refused <paramref name="result"/> means for the inviter; null when none did.</summary>
    public string? LimitMessage(InvitationResult result, string email) => result.Outcome switch
    {
        InvitationOutcome.TooManyInvitations =>
            $"You have sent many invitations in a short time. Try again in {ThrottleVerdict.Wait(result.RetryAt!.Value - clock.GetUtcNow())}.",
        InvitationOutcome.TooManyEmails =>
            $"{email} has been sent {limits.Value.AccountEmails.PerRecipient} account emails (activation or password links) in the last " +
            $"{Hours(limits.Value.AccountEmails.RecipientWindow)}, so no email went out now. You can send a new activation link from " +
            $"{time.DateTime(result.RetryAt!.Value)}; the link sent before still works.",
        _ => null,
    };

    public Task<bool> IsAwaitingActivationAsync(Guid userId) =>
        db.Users.AnyAsync(u => u.Id == userId && u.ActivatedAt == null && u.InvitedAt != null);

    public async Task<bool> MayInviteIntoAsync(PortalUser inviter, Guid buildingId) =>
        await users.IsInRoleAsync(inviter, PortalRoles.Support)
        || (await users.IsInRoleAsync(inviter, PortalRoles.BuildingManager)
            && await db.BuildingManagers.AnyAsync(a => a.ManagerId == inviter.Id && a.BuildingId == buildingId));

    private static string Hours(TimeSpan window) => window == TimeSpan.FromHours(1) ? "hour" : $"{window.TotalMinutes:0} minutes";

    private InvitationResult? InviterRefused(PortalUser inviter)
    {
        var verdict = throttle.AttemptAccount(ThrottleAction.Invitations, Throttle.UserKey(inviter.Id));
        return verdict.Allowed ? null : new InvitationResult(InvitationOutcome.TooManyInvitations, RetryAt: clock.GetUtcNow() + verdict.RetryAfter);
    }

    /// <summary>Takes one of the address's account emails for the hour; when none is left, when the next one frees up.</summary>
    private async Task<DateTimeOffset?> ClaimEmailAsync(PortalUser user, CancellationToken cancellationToken = default)
    {
        var allowance = limits.Value.AccountEmails;
        var claim = await slots.TryClaimAsync(ThrottleSlots.AccountEmailKey(user.Email!), allowance.PerRecipient, allowance.RecipientWindow, cancellationToken);
        return claim.Claimed ? null : claim.NextFreeAt;
    }

    /// <summary>A manager invited an address registered outside their buildings: audited, and a neutral note to the address.</summary>
    private async Task ConcealExistingAsync(PortalUser inviter, PortalUser existing, Building building)
    {
        await audit.RecordAsync(AuditEntry.ByStaff(AuditEventTypes.InvitationExistingAccount, inviter, existing) with
        {
            BuildingId = building.Id,
            Details = $"Invited into {building.Name}; the manager was told the invitation was sent.",
        });
        var content = new EmailContent(ExistingAccountTemplate, "About an invitation to connecX") { Preheader = "Your connecX account has not changed." }
            .Heading("You already have a connecX account")
            .Paragraph($"A building manager of {building.Name} tried to invite this email address to the connecX resident portal. " +
                       "The address already has an account, so nothing was changed and no new account was made.")
            .Paragraph($"If you now live at {building.Name}, contact connecX support or the building manager to move your account there. " +
                       "Otherwise there is nothing to do.")
            .Button("Sign in to connecX", urls.Absolute("/account/sign-in"))
            .Note("If you were not expecting this email, you can ignore it. connecX will never ask you for a password or a code.");
        if (await ClaimEmailAsync(existing) is null)
        {
            await mailer.SendAsync(content, existing.Email!, existing.DisplayName);
        }
    }

    private async Task SendAsync(
        PortalUser inviter,
        PortalUser user,
        Building building,
        string auditType,
        string? reason = null,
        string? clientAddress = null,
        CancellationToken cancellationToken = default)
    {
        var token = await links.CreateAsync(user, AccountLinkPurpose.Activation);
        audit.Add(AuditEntry.ByStaff(auditType, inviter, user) with
        {
            BuildingId = building.Id,
            Reason = reason,
            Details = $"Unit {user.Unit}, {building.Name}.",
            IpAddress = clientAddress,
        });
        await db.SaveChangesAsync(cancellationToken);
        var content = new EmailContent(Template, "Activate your connecX account") { Preheader = $"Your portal for {building.Name}." }
            .Heading($"Welcome to connecX, {user.GivenName}")
            .Paragraph($"You have been invited to the connecX resident portal for unit {user.Unit}, {building.Name}.")
            .Paragraph("To activate your account, choose a password, then set up how you will verify it's you each time you sign in: " +
                       "an authenticator app, a passkey or a code by email.")
            .Button("Activate your account", urls.Absolute($"{ActivatePath}?token={Uri.EscapeDataString(token)}"))
            .Paragraph("The link works once, for 7 days. If it has expired, open it anyway and ask for a new one.")
            .Note("If you were not expecting this email, you can ignore it.");
        await mailer.SendAsync(content, user.Email!, user.DisplayName, cancellationToken);
    }
}
