using System.Reflection;
using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Audit;
using ConnecXPortal.Web.Hosting;
using Microsoft.EntityFrameworkCore;

namespace ConnecXPortal.Web.Features.Support.Log;

/// <summary>Support's filters over the audit log; every one is optional.</summary>
/// <param name="Actor">Who did it: an email address.</param>
/// <param name="Subject">Whose account it was about: an email address.</param>
/// <param name="From">The first day (the portal's time zone), inclusive.</param>
/// <param name="To">The last day, inclusive.</param>
/// <param name="Text">Part of the details, reason, either email address or the IP address.</param>
public sealed record AuditQuery(
    string? Type = null,
    string? Actor = null,
    string? Subject = null,
    DateOnly? From = null,
    DateOnly? To = null,
    string? Text = null,
    int Page = 0,
    int PageSize = 50)
{
    public const int MaxPageSize = 200;
}

/// <param name="TotalIsCapped">More events match than <see cref="AuditSearch.CountLimit"/>: the total shown is that limit.</param>
public sealed record AuditPage(IReadOnlyList<AuditEvent> Rows, int TotalCount, bool TotalIsCapped);

/// <summary>
/// Searches the audit log newest first, paged in SQL. Each filter has an index behind it: type (Type, At), who did it
/// (ActorId, At), whose account (SubjectId, At), dates (At). Counting stops at <see cref="CountLimit"/> so that a
/// broad search of a log with millions of rows stays quick; support narrows it instead.
/// </summary>
public sealed class AuditSearch(IDbContextFactory<PortalDbContext> dbFactory, PortalTime time)
{
    public const int CountLimit = 10_000;

    /// <summary>Every event type the portal records, for the type filter.</summary>
    public static IReadOnlyList<string> Types { get; } =
    [
        .. typeof(AuditEventTypes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Order(StringComparer.Ordinal),
    ];

    public async Task<AuditPage> SearchAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var pageSize = Math.Clamp(query.PageSize, 1, AuditQuery.MaxPageSize);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var events = await FilteredAsync(db, query, cancellationToken);
        var total = await events.OrderByDescending(e => e.At).Take(CountLimit + 1).CountAsync(cancellationToken);
        var rows = await events
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Skip(Math.Max(query.Page, 0) * pageSize)
            .Take(pageSize)
            .ToListAsync(cancellationToken);
        return new AuditPage(rows, Math.Min(total, CountLimit), total > CountLimit);
    }

    /// <summary>The events a query matches, unordered (also what the EXPLAIN QUERY PLAN tests look at).</summary>
    public async Task<IQueryable<AuditEvent>> FilteredAsync(PortalDbContext db, AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(query);
        var events = db.AuditEvents.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Type))
        {
            var type = query.Type.Trim();
            events = events.Where(e => e.Type == type);
        }

        if (await PersonAsync(db, query.Actor, cancellationToken) is { } actor)
        {
            events = actor.Id is { } id
                ? events.Where(e => e.ActorId == id)
                : events.Where(e => EF.Functions.Like(e.ActorEmail, actor.EmailPattern, LikePatterns.Escape));
        }

        if (await PersonAsync(db, query.Subject, cancellationToken) is { } subject)
        {
            events = subject.Id is { } id
                ? events.Where(e => e.SubjectId == id)
                : events.Where(e => EF.Functions.Like(e.SubjectEmail, subject.EmailPattern, LikePatterns.Escape));
        }

        if (query.From is { } from)
        {
            var since = StartOf(from);
            events = events.Where(e => e.At >= since);
        }

        if (query.To is { } to)
        {
            var before = StartOf(to.AddDays(1));
            events = events.Where(e => e.At < before);
        }

        if (!string.IsNullOrWhiteSpace(query.Text))
        {
            var pattern = LikePatterns.Containing(query.Text);
            events = events.Where(e => EF.Functions.Like(e.Details, pattern, LikePatterns.Escape)
                || EF.Functions.Like(e.Reason, pattern, LikePatterns.Escape)
                || EF.Functions.Like(e.ActorEmail, pattern, LikePatterns.Escape)
                || EF.Functions.Like(e.SubjectEmail, pattern, LikePatterns.Escape)
                || EF.Functions.Like(e.IpAddress, pattern, LikePatterns.Escape));
        }

        return events;
    }

    /// <summary>The instant a local day starts, in UTC (DST-aware).</summary>
    private DateTimeOffset StartOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, time.Zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>
    /// Who an actor or subject filter names: the account with that email, by id (so the (ActorId, At) and
    /// (SubjectId, At) indexes answer), else the email as recorded; null when the filter is empty.
    /// </summary>
    private static async Task<(Guid? Id, string EmailPattern)?> PersonAsync(PortalDbContext db, string? email, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return null;
        }

        var trimmed = email.Trim();
        var normalized = trimmed.ToUpperInvariant();
        var id = await db.Users.Where(u => u.NormalizedEmail == normalized).Select(u => (Guid?)u.Id).FirstOrDefaultAsync(cancellationToken);
        return (id, LikePatterns.Exactly(trimmed));
    }
}
