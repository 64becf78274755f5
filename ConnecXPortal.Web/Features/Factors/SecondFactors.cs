using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Domain.Cutover;
using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Domain.Sessions;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Audit;
using ConnecXPortal.Web.Features.Factors.RecoveryCodes;
using ConnecXPortal.Web.Features.Notifications;
using ConnecXPortal.Web.Features.Observability;
using ConnecXPortal.Web.Features.Sessions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ConnecXPortal.Web.Features.Factors;

public enum FactorChangeOutcome
{
    Done,
    NotFound,
    LastFactor,
    Invalid,

    /// <summary>The account changed while the change was being saved (another change won the race): nothing was saved.</summary>
    Conflict,
}

/// <summary>A factor just enrolled, and with the account's first factor its recovery codes (the only time they exist in clear).</summary>
public sealed record FactorAdded(UserFactor Factor, IReadOnlyList<string>? RecoveryCodes);

/// <summary>
/// Enrols, removes and changes a user's factors, keeping each <see cref="UserFactor"/> row and the credential behind
/// it in step, auditing every change and emailing the user about it. Adding or removing a factor rotates the security
/// stamp in the same save (<see cref="FactorChangeCommit"/>); the first factor comes with the recovery codes, issued in
/// that save too, so nothing else can issue a first set.
/// </summary>
public sealed class SecondFactors(
    PortalDbContext db,
    UserManager<PortalUser> users,
    IUserStore<PortalUser> store,
    AuditLog audit,
    SecurityNotificationEmails notifications,
    UserRecoveryCodes recoveryCodes,
    FactorChangeCommit commit,
    IHttpContextAccessor httpContextAccessor,
    CutoverSchedule cutover,
    PortalMetrics metrics,
    TimeProvider clock)
{
    public const string AuthenticatorName = "Authenticator app";
    public const string EmailCodeName = "Email code";

    public Task<List<UserFactor>> ListAsync(Guid userId, CancellationToken cancellationToken = default) =>
        db.UserFactors.Where(f => f.UserId == userId)
            .OrderByDescending(f => f.IsDefault).ThenBy(f => f.AddedAt)
            .ToListAsync(cancellationToken);

    public Task<int> CountAsync(Guid userId, CancellationToken cancellationToken = default) =>
        db.UserFactors.CountAsync(f => f.UserId == userId, cancellationToken);

    public Task<bool> HasAsync(Guid userId, FactorKind kind, CancellationToken cancellationToken = default) =>
        db.UserFactors.AnyAsync(f => f.UserId == userId && f.Kind == kind, cancellationToken);

    public bool IsMfaMandatory => cutover.IsMfaMandatory(clock.GetUtcNow());

    /// <summary>Stores a verified authenticator key and its row; null when the account changed since it was loaded (nothing stored).</summary>
    /// <param name="user">Whose factor it is (as loaded for this request).</param>
    /// <param name="key">The verified key.</param>
    /// <param name="acceptedStep">The time step of the code that proved it.</param>
    /// <param name="device">Where it was set up, for the first-enrolment email; the request's browser when null.</param>
    public async Task<FactorAdded?> AddAuthenticatorAsync(PortalUser user, string key, long acceptedStep, string? device = null)
    {
        await RemoveExistingAsync(user, FactorKind.AuthenticatorApp);
        await ((IUserAuthenticatorKeyStore<PortalUser>)store).SetAuthenticatorKeyAsync(user, key, CancellationToken.None);
        return await AddAsync(user, new UserFactor { Kind = FactorKind.AuthenticatorApp, Name = AuthenticatorName, LastAcceptedTimeStep = acceptedStep }, device);
    }

    /// <summary>Email codes as a factor, once a code sent to the address was entered. Null when the account changed meanwhile.</summary>
    public async Task<FactorAdded?> AddEmailCodeAsync(PortalUser user, string? device = null)
    {
        await RemoveExistingAsync(user, FactorKind.EmailCode);
        user.EmailConfirmed = true;
        return await AddAsync(user, new UserFactor { Kind = FactorKind.EmailCode, Name = EmailCodeName }, device);
    }

    /// <summary>A verified passkey. Null when it could not be stored or the account changed meanwhile.</summary>
    public async Task<FactorAdded?> AddPasskeyAsync(PortalUser user, UserPasskeyInfo passkey, string name, string? device = null)
    {
        passkey.Name = DeviceNames.Clean(name);
        var known = await users.GetPasskeyAsync(user, passkey.CredentialId) is not null;

        // Identity's store saves the credential on its own; when the factor row cannot follow, the new credential goes too.
        var added = (await users.AddOrUpdatePasskeyAsync(user, passkey)).Succeeded
            ? await AddAsync(user, new UserFactor { Kind = FactorKind.Passkey, Name = passkey.Name, CredentialId = passkey.CredentialId }, device)
            : null;
        if (added is null && !known)
        {
            await db.Set<IdentityUserPasskey<Guid>>().Where(p => p.CredentialId == passkey.CredentialId).ExecuteDeleteAsync();
        }

        return added;
    }

    /// <summary>
    /// Removes one factor and its credential. The user does it from their security page; support passes themselves as
    /// <paramref name="actor"/> with the <paramref name="reason"/> they gave, for the audit log. The last factor stays
    /// while MFA is mandatory (support resets all factors instead, which also ends the sessions).
    /// </summary>
    public async Task<FactorChangeOutcome> RemoveAsync(PortalUser user, Guid factorId, PortalUser? actor = null, string? reason = null)
    {
        var factors = await ListAsync(user.Id);
        var factor = factors.SingleOrDefault(f => f.Id == factorId);
        if (factor is null)
        {
            return FactorChangeOutcome.NotFound;
        }

        if (!FactorRules.CanRemove(factors.Count, IsMfaMandatory))
        {
            return FactorChangeOutcome.LastFactor;
        }

        await RemoveCredentialAsync(user, factor);
        db.UserFactors.Remove(factor);
        if (factor.IsDefault && factors.FirstOrDefault(f => f.Id != factor.Id) is { } next)
        {
            next.IsDefault = true;
        }

        user.TwoFactorEnabled = factors.Count > 1;
        var bySupport = actor is not null && actor.Id != user.Id;
        var entry = actor is null || !bySupport
            ? AuditEntry.BySelf(AuditEventTypes.FactorRemoved, user)
            : AuditEntry.ByStaff(AuditEventTypes.FactorRemoved, actor, user);
        audit.Add(entry with { Details = Describe(factor), Reason = reason });
        if (!await commit.SaveAsync(user, bySupport ? actor : null, reason))
        {
            return FactorChangeOutcome.Conflict;
        }

        await notifications.SendAsync(user, SecurityNotification.FactorRemoved(factor.Kind, factor.Name));
        return FactorChangeOutcome.Done;
    }

    public async Task<FactorChangeOutcome> SetDefaultAsync(PortalUser user, Guid factorId)
    {
        var factors = await ListAsync(user.Id);
        var factor = factors.SingleOrDefault(f => f.Id == factorId);
        if (factor is null)
        {
            return FactorChangeOutcome.NotFound;
        }

        foreach (var f in factors)
        {
            f.IsDefault = f.Id == factorId;
        }

        audit.Add(AuditEntry.BySelf(AuditEventTypes.DefaultFactorChanged, user) with { Details = Describe(factor) });
        await db.SaveChangesAsync();
        await notifications.SendAsync(user, SecurityNotification.DefaultChanged(factor.Kind, factor.Name));
        return FactorChangeOutcome.Done;
    }

    public async Task<FactorChangeOutcome> RenamePasskeyAsync(PortalUser user, Guid factorId, string name)
    {
        var factor = await db.UserFactors.SingleOrDefaultAsync(f => f.Id == factorId && f.UserId == user.Id);
        if (factor is not { Kind: FactorKind.Passkey, CredentialId: { } credentialId })
        {
            return FactorChangeOutcome.NotFound;
        }

        var cleaned = DeviceNames.Clean(name);
        if (cleaned.Length == 0)
        {
            return FactorChangeOutcome.Invalid;
        }

        var passkey = await users.GetPasskeyAsync(user, credentialId);
        if (passkey is null)
        {
            return FactorChangeOutcome.NotFound;
        }

        var oldName = factor.Name;
        passkey.Name = cleaned;
        factor.Name = cleaned;
        audit.Add(AuditEntry.BySelf(AuditEventTypes.FactorRenamed, user) with { Details = $"Passkey \"{oldName}\" renamed \"{cleaned}\"." });
        var result = await users.AddOrUpdatePasskeyAsync(user, passkey);
        if (!result.Succeeded)
        {
            return FactorChangeOutcome.Invalid;
        }

        await notifications.SendAsync(user, SecurityNotification.PasskeyRenamed(oldName, cleaned));
        return FactorChangeOutcome.Done;
    }

    /// <summary>
    /// Support's reset: removes every factor (and its credential) and the recovery codes, and ends the user's sessions,
    /// so that their next sign-in goes through the wizard.
    /// </summary>
    public async Task ResetAllAsync(PortalUser user, PortalUser actor, string reason, SessionRevocation revocation)
    {
        var factors = await ListAsync(user.Id);
        foreach (var factor in factors)
        {
            await RemoveCredentialAsync(user, factor);
        }

        db.UserFactors.RemoveRange(factors);
        await db.RecoveryCodes.Where(c => c.UserId == user.Id).ExecuteDeleteAsync();
        user.TwoFactorEnabled = false;
        audit.Add(AuditEntry.ByStaff(AuditEventTypes.FactorsReset, actor, user) with
        {
            Reason = reason,
            Details = $"{factors.Count} factor(s) removed.",
        });
        await SaveUserAsync(user);
        await revocation.EndAllAsync(user, SessionEndReason.EndedBySupport, actor, $"Factors reset: {reason}");
        await notifications.SendAsync(user, SecurityNotification.FactorsReset());
    }

    public async Task MarkUsedAsync(UserFactor factor)
    {
        factor.LastUsedAt = clock.GetUtcNow();
        await db.SaveChangesAsync();
    }

    private async Task<FactorAdded?> AddAsync(PortalUser user, UserFactor factor, string? device)
    {
        var now = clock.GetUtcNow();
        var before = await db.UserFactors.CountAsync(f => f.UserId == user.Id);
        factor.UserId = user.Id;
        factor.AddedAt = now;
        factor.LastUsedAt = now;
        factor.IsDefault = before == 0;
        db.UserFactors.Add(factor);
        user.TwoFactorEnabled = true;
        audit.Add(AuditEntry.BySelf(AuditEventTypes.FactorAdded, user) with { Details = Describe(factor) });
        var codes = FactorRules.IssuesRecoveryCodes(before) ? await recoveryCodes.StageAsync(user) : null;
        if (!await commit.SaveAsync(user))
        {
            return null;
        }

        metrics.Enrolled(factor.Kind, first: before == 0);
        var http = httpContextAccessor.HttpContext;
        await notifications.SendAsync(user, codes is null
            ? SecurityNotification.FactorAdded(factor.Kind, factor.Name)
            : SecurityNotification.FirstEnrolment(
                factor.Kind,
                factor.Name,
                device ?? DeviceDescriptions.FromUserAgent(http?.Request.Headers.UserAgent.ToString()),
                http?.Connection.RemoteIpAddress?.ToString()));
        return new FactorAdded(factor, codes);
    }

    private async Task RemoveExistingAsync(PortalUser user, FactorKind kind)
    {
        if (FactorRules.AllowsSeveral(kind))
        {
            return;
        }

        var existing = await db.UserFactors.Where(f => f.UserId == user.Id && f.Kind == kind).ToListAsync();
        db.UserFactors.RemoveRange(existing);
    }

    private async Task RemoveCredentialAsync(PortalUser user, UserFactor factor)
    {
        switch (factor.Kind)
        {
            case FactorKind.AuthenticatorApp:
                await users.RemoveAuthenticationTokenAsync(user, "[AspNetUserStore]", "AuthenticatorKey");
                break;
            case FactorKind.Passkey when factor.CredentialId is { } credentialId:
                await users.RemovePasskeyAsync(user, credentialId);
                break;
            case FactorKind.EmailCode:
                await db.EmailCodeChallenges.Where(c => c.UserId == user.Id && c.UsedAt == null && c.VoidedAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.VoidedAt, clock.GetUtcNow()));
                break;
        }
    }

    private async Task SaveUserAsync(PortalUser user)
    {
        // UpdateAsync saves the shared unit of work (rows, audit) with the user and refreshes its concurrency stamp.
        var result = await users.UpdateAsync(user);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not save the user's factors: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }

    private static string Describe(UserFactor factor) =>
        factor.Kind == FactorKind.Passkey ? $"Passkey \"{factor.Name}\"." : $"{factor.Kind.DisplayName()}.";
}
