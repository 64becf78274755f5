using System.Linq.Expressions;
using ConnecXPortal.Domain.People;
using ConnecXPortal.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace ConnecXPortal.Web.Features.Support.Users;

public sealed record UserSearchQuery(string? Term, int Page = 0, int PageSize = 25)
{
    public const int MaxPageSize = 100;
}

/// <summary>A user as the support console lists them. Never a secret.</summary>
public sealed record UserSearchRow(
    Guid Id,
    string GivenName,
    string FamilyName,
    string Email,
    string? BuildingName,
    string? Unit,
    AccountStatus Status,
    bool LockedOut,
    IReadOnlyList<string> Roles)
{
    public string Name => $"{GivenName} {FamilyName}".Trim();
}

public sealed record UserSearchResults(IReadOnlyList<UserSearchRow> Rows, int TotalCount);

/// <summary>
/// Support's search over every user, by the start of an email address, the start of a first or last name (or
/// "first last"), or part of a building's name, paged in SQL. Every alternative is answered from an index (the email
/// index, the name indexes, users by building), so SQLite combines them ("MULTI-INDEX OR") instead of reading
/// 100,000 users; an empty search lists everyone in name order straight off the name index.
/// </summary>
public sealed class UserSearch(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    public async Task<UserSearchResults> SearchAsync(UserSearchQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var pageSize = Math.Clamp(query.PageSize, 1, UserSearchQuery.MaxPageSize);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var matching = await MatchingAsync(db, query.Term, cancellationToken);
        var total = await matching.CountAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var rows = await matching
            .OrderBy(u => u.FamilyName).ThenBy(u => u.GivenName).ThenBy(u => u.NormalizedEmail).ThenBy(u => u.Id)
            .Skip(Math.Max(query.Page, 0) * pageSize)
            .Take(pageSize)
            .Select(u => new
            {
                u.Id,
                u.GivenName,
                u.FamilyName,
                Email = u.Email ?? "",
                BuildingName = u.Building == null ? null : u.Building.Name,
                u.Unit,
                Status = u.ActivatedAt == null ? AccountStatus.Invited
                    : db.UserFactors.Any(f => f.UserId == u.Id) ? AccountStatus.Enrolled : AccountStatus.ActivatedWithoutFactor,
                LockedOut = u.LockoutEnd != null && u.LockoutEnd > now,
            })
            .ToListAsync(cancellationToken);

        var ids = rows.Select(r => r.Id).ToList();
        var roles = (await db.UserRoles
                .Where(ur => ids.Contains(ur.UserId))
                .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
                .ToListAsync(cancellationToken))
            .ToLookup(r => r.UserId, r => r.Name ?? "");
        return new UserSearchResults(
            [.. rows.Select(r => new UserSearchRow(r.Id, r.GivenName, r.FamilyName, r.Email, r.BuildingName, r.Unit, r.Status, r.LockedOut,
                [.. roles[r.Id].OrderBy(PortalRoleOrder)]))],
            total);
    }

    /// <summary>The users a search term matches, unordered: what the page and count are built from (and the EXPLAIN QUERY PLAN tests).</summary>
    public static async Task<IQueryable<PortalUser>> MatchingAsync(PortalDbContext db, string? term, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var users = db.Users.AsNoTracking();
        if (string.IsNullOrWhiteSpace(term))
        {
            return users;
        }

        var text = term.Trim();
        var alternatives = new List<Expression<Func<PortalUser, bool>>>();

        // The email index holds NormalizedEmail (upper case) in binary order: a range finds a prefix.
        var emailFrom = text.ToUpperInvariant();
        var emailTo = emailFrom[..^1] + (char)(emailFrom[^1] + 1);
        alternatives.Add(u => string.Compare(u.NormalizedEmail, emailFrom) >= 0 && string.Compare(u.NormalizedEmail, emailTo) < 0);

        var namePrefix = LikePatterns.StartingWith(text);
        alternatives.Add(u => EF.Functions.Like(u.GivenName, namePrefix, LikePatterns.Escape));
        alternatives.Add(u => EF.Functions.Like(u.FamilyName, namePrefix, LikePatterns.Escape));

        var words = text.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 2)
        {
            var given = LikePatterns.StartingWith(words[0]);
            var family = LikePatterns.StartingWith(words[1]);
            alternatives.Add(u => EF.Functions.Like(u.GivenName, given, LikePatterns.Escape) && EF.Functions.Like(u.FamilyName, family, LikePatterns.Escape));
        }

        var buildingPattern = LikePatterns.Containing(text);
        var buildingIds = await db.Buildings.AsNoTracking()
            .Where(b => EF.Functions.Like(b.Name, buildingPattern, LikePatterns.Escape))
            .OrderBy(b => b.Name)
            .Select(b => (Guid?)b.Id)
            .Take(50)
            .ToListAsync(cancellationToken);
        foreach (var buildingId in buildingIds)
        {
            alternatives.Add(u => u.BuildingId == buildingId);
        }

        return users.Where(AnyOf(alternatives));
    }

    private static int PortalRoleOrder(string role) => PortalRoles.All.ToList().IndexOf(role) is var i and >= 0 ? i : int.MaxValue;

    private static Expression<Func<PortalUser, bool>> AnyOf(IReadOnlyList<Expression<Func<PortalUser, bool>>> alternatives)
    {
        var user = Expression.Parameter(typeof(PortalUser), "u");
        var body = alternatives
            .Select(a => new ParameterSwap(a.Parameters[0], user).Visit(a.Body))
            .Aggregate(Expression.OrElse);
        return Expression.Lambda<Func<PortalUser, bool>>(body, user);
    }

    private sealed class ParameterSwap(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
