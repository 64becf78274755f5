using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Domain.People;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Audit;
using ConnecXPortal.Web.Features.Sessions;
using Microsoft.EntityFrameworkCore;

namespace ConnecXPortal.Web.Features.Support.Users;

/// <summary>A factor as support sees it: what it is and when it was used. The credential behind it never leaves the server.</summary>
public sealed record SupportFactor(Guid Id, FactorKind Kind, string Name, DateTimeOffset AddedAt, DateTimeOffset? LastUsedAt, bool IsDefault);

/// <summary>Everything the support console shows about one user. No password, key, code or credential is in it.</summary>
public sealed record SupportUserDetails(
    Guid Id,
    string GivenName,
    string FamilyName,
    string Email,
    string? BuildingName,
    string? Unit,
    IReadOnlyList<string> Roles,
    DateTimeOffset CreatedAt,
    DateTimeOffset? InvitedAt,
    DateTimeOffset? ActivatedAt,
    AccountStatus Status,
    DateTimeOffset? LockedUntil,
    int FailedAttempts,
    int UnusedRecoveryCodes,
    IReadOnlyList<SupportFactor> Factors,
    UserSessions Sessions,
    IReadOnlyList<AuditEvent> RecentActivity)
{
    public string Name => $"{GivenName} {FamilyName}".Trim();

    public bool IsLockedOut => LockedUntil is not null;
}

/// <summary>Reads one user for the support console.</summary>
public sealed class SupportUsers(PortalDbContext db, ServerSessions sessions, TimeProvider clock)
{
    public const int RecentActivityCount = 20;

    public async Task<SupportUserDetails?> GetAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var user = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new
            {
                u.Id,
                u.GivenName,
                u.FamilyName,
                Email = u.Email ?? "",
                BuildingName = u.Building == null ? null : u.Building.Name,
                u.Unit,
                u.CreatedAt,
                u.InvitedAt,
                u.ActivatedAt,
                u.LockoutEnd,
                u.LockoutEnabled,
                u.AccessFailedCount,
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (user is null)
        {
            return null;
        }

        var roles = await db.UserRoles.Where(ur => ur.UserId == userId)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name ?? "")
            .ToListAsync(cancellationToken);
        var factors = await db.UserFactors.AsNoTracking()
            .Where(f => f.UserId == userId)
            .OrderByDescending(f => f.IsDefault).ThenBy(f => f.AddedAt)
            .Select(f => new SupportFactor(f.Id, f.Kind, f.Name, f.AddedAt, f.LastUsedAt, f.IsDefault))
            .ToListAsync(cancellationToken);
        var codes = await db.RecoveryCodes.CountAsync(c => c.UserId == userId && c.UsedAt == null, cancellationToken);
        var activity = await db.AuditEvents.AsNoTracking()
            .Where(e => e.SubjectId == userId)
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Take(RecentActivityCount)
            .ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        return new SupportUserDetails(
            user.Id,
            user.GivenName,
            user.FamilyName,
            user.Email,
            user.BuildingName,
            user.Unit,
            [.. roles.OrderBy(r => PortalRoles.All.ToList().IndexOf(r))],
            user.CreatedAt,
            user.InvitedAt,
            user.ActivatedAt,
            AccountStatusRules.From(user.ActivatedAt is not null, factors.Count),
            user.LockoutEnabled && user.LockoutEnd > now ? user.LockoutEnd : null,
            user.AccessFailedCount,
            codes,
            factors,
            await sessions.ListAsync(userId, cancellationToken),
            activity);
    }

    /// <summary>Plain words for an audit event type on support's pages ("factor.reset" reads "Sign-in methods reset").</summary>
    public static string Describe(string type) => AuditEventDescriptions.ForAccountOwner(type) ?? type;
}
