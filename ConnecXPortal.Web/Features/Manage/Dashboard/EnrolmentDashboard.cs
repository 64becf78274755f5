using ConnecXPortal.Domain.Cutover;
using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Domain.People;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Cutover;
using ConnecXPortal.Web.Hosting;
using Microsoft.EntityFrameworkCore;

namespace ConnecXPortal.Web.Features.Manage.Dashboard;

/// <summary>
/// The building managers' enrolment figures and resident table. Every count, filter, order and page runs in the
/// database (indexes: users by building and activation, factors by kind and user, sessions by user and start), so a
/// building of thousands costs a few index lookups, not a load. It does not check who asks: pages and endpoints do
/// that with <see cref="ManagedBuildings"/> first. Each call has its own context, so a page may run
/// several at once, and a benchmark can call it directly.
/// </summary>
public sealed class EnrolmentDashboard(IDbContextFactory<PortalDbContext> dbFactory, CutoverScheduleStore store, PortalTime time, TimeProvider clock)
{
    /// <summary>Enrolments are counted in quarter-hours in SQL, then by local day: every time zone's offset is a whole number of quarter-hours.</summary>
    private static readonly long TicksPerBucket = TimeSpan.FromMinutes(15).Ticks;

    private CutoverSchedule Schedule => store.Current;

    /// <summary>The figures of each of <paramref name="buildings"/> (a manager's, from <see cref="ManagedBuildings.ListAsync"/>), by name.</summary>
    public Task<IReadOnlyList<BuildingSummary>> GetSummariesAsync(IEnumerable<Building> buildings, CancellationToken cancellationToken = default) =>
        GetSummariesAsync([.. buildings.Select(b => b.Id)], cancellationToken);

    /// <summary>The headline figures of each building in <paramref name="buildingIds"/> (one grouped query), by name.</summary>
    public async Task<IReadOnlyList<BuildingSummary>> GetSummariesAsync(IReadOnlyCollection<Guid> buildingIds, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ids = buildingIds.Distinct().ToList();
        var counts = await SummaryQuery(db, ids, Schedule.PortalCutover).ToDictionaryAsync(c => c.BuildingId, cancellationToken);
        var buildings = await db.Buildings.AsNoTracking()
            .Where(b => ids.Contains(b.Id))
            .OrderBy(b => b.Name)
            .Select(b => new { b.Id, b.Name })
            .ToListAsync(cancellationToken);
        return [.. buildings.Select(b => counts.TryGetValue(b.Id, out var c)
            ? new BuildingSummary(b.Id, b.Name, c.Residents, c.Activated, c.Enrolled, c.NotSignedIn)
            : new BuildingSummary(b.Id, b.Name, 0, 0, 0, 0))];
    }

    /// <summary>Everything the dashboard shows about one building; null when there is no such building.</summary>
    public async Task<BuildingFigures?> GetFiguresAsync(Guid buildingId, CancellationToken cancellationToken = default)
    {
        var summary = (await GetSummariesAsync([buildingId], cancellationToken)).SingleOrDefault();
        if (summary is null)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var mix = await db.UserFactors
            .Where(f => f.User.BuildingId == buildingId)
            .GroupBy(f => f.Kind)
            .Select(g => new FactorKindCount(g.Key, g.Select(f => f.UserId).Distinct().Count()))
            .ToListAsync(cancellationToken);
        var allKinds = Enum.GetValues<FactorKind>()
            .Select(kind => mix.FirstOrDefault(m => m.Kind == kind) ?? new FactorKindCount(kind, 0))
            .ToList();

        var perDay = await EnrolmentsPerDayAsync(db, buildingId, cancellationToken);
        return new BuildingFigures(summary, allKinds, perDay, summary.Enrolled - perDay.Sum(d => d.Enrolments), Schedule.PortalCutover);
    }

    /// <summary>One page of a building's residents, searched, filtered and sorted in the database.</summary>
    public async Task<ResidentPage> GetResidentsPageAsync(ResidentQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var pageSize = Math.Clamp(query.PageSize, 1, ResidentQuery.MaxPageSize);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var total = await Filtered(db, query).CountAsync(cancellationToken);
        var rows = await Ordered(Rows(db, Filtered(db, query)), query)
            .Skip(Math.Max(query.Page, 0) * pageSize)
            .Take(pageSize)
            .ToListAsync(cancellationToken);
        return new ResidentPage(rows, total);
    }

    /// <summary>How many residents the query matches (its filters; paging and order do not matter).</summary>
    public async Task<int> CountResidentsAsync(ResidentQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await Filtered(db, query).CountAsync(cancellationToken);
    }

    /// <summary>Every resident the query matches (no paging), in its order, as they are read: for the CSV export.</summary>
    public async IAsyncEnumerable<ResidentRow> StreamResidentsAsync(
        ResidentQuery query, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await foreach (var row in Ordered(Rows(db, Filtered(db, query)), query).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return row;
        }
    }

    /// <summary>The residents a query matches, before paging; also what the page's SQL is built from (EXPLAIN QUERY PLAN tests).</summary>
    public static IQueryable<PortalUser> Filtered(PortalDbContext db, ResidentQuery query)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(query);
        var users = db.Users.AsNoTracking().Where(u => u.BuildingId == query.BuildingId);
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var pattern = LikePatterns.Containing(query.Search);
            users = users.Where(u => EF.Functions.Like(u.GivenName, pattern, LikePatterns.Escape)
                || EF.Functions.Like(u.FamilyName, pattern, LikePatterns.Escape)
                || EF.Functions.Like(u.GivenName + " " + u.FamilyName, pattern, LikePatterns.Escape)
                || EF.Functions.Like(u.Email, pattern, LikePatterns.Escape)
                || EF.Functions.Like(u.Unit, pattern, LikePatterns.Escape));
        }

        users = query.Status switch
        {
            AccountStatus.Invited => users.Where(u => u.ActivatedAt == null),
            AccountStatus.ActivatedWithoutFactor => users.Where(u => u.ActivatedAt != null && !db.UserFactors.Any(f => f.UserId == u.Id)),
            AccountStatus.Enrolled => users.Where(u => u.ActivatedAt != null && db.UserFactors.Any(f => f.UserId == u.Id)),
            _ => users,
        };

        if (query.FactorKind is { } kind)
        {
            users = users.Where(u => db.UserFactors.Any(f => f.Kind == kind && f.UserId == u.Id));
        }

        return users;
    }

    internal static IQueryable<ResidentData> Rows(PortalDbContext db, IQueryable<PortalUser> users) =>
        users.Select(u => new ResidentData
        {
            Id = u.Id,
            GivenName = u.GivenName,
            FamilyName = u.FamilyName,
            Email = u.Email ?? "",
            Unit = u.Unit,
            Status = u.ActivatedAt == null ? AccountStatus.Invited
                : db.UserFactors.Any(f => f.UserId == u.Id) ? AccountStatus.Enrolled : AccountStatus.ActivatedWithoutFactor,
            HasAuthenticatorApp = db.UserFactors.Any(f => f.Kind == FactorKind.AuthenticatorApp && f.UserId == u.Id),
            HasPasskey = db.UserFactors.Any(f => f.Kind == FactorKind.Passkey && f.UserId == u.Id),
            HasEmailCode = db.UserFactors.Any(f => f.Kind == FactorKind.EmailCode && f.UserId == u.Id),
            EnrolledAt = db.UserFactors.Where(f => f.UserId == u.Id).Min(f => (DateTimeOffset?)f.AddedAt),
            LastSignInAt = db.UserSessions.Where(s => s.UserId == u.Id).Max(s => (DateTimeOffset?)s.CreatedAt),
            LastRemindedAt = db.ResidentReminders.Where(r => r.UserId == u.Id).Max(r => (DateTimeOffset?)r.SentAt),
        });

    internal static IQueryable<ResidentRow> Ordered(IQueryable<ResidentData> rows, ResidentQuery query)
    {
        var ordered = (query.Sort, query.Descending) switch
        {
            (ResidentSort.Email, false) => rows.OrderBy(r => r.Email),
            (ResidentSort.Email, true) => rows.OrderByDescending(r => r.Email),
            (ResidentSort.Unit, false) => rows.OrderBy(r => r.Unit),
            (ResidentSort.Unit, true) => rows.OrderByDescending(r => r.Unit),
            (ResidentSort.Status, false) => rows.OrderBy(r => r.Status),
            (ResidentSort.Status, true) => rows.OrderByDescending(r => r.Status),
            (ResidentSort.EnrolledAt, false) => rows.OrderBy(r => r.EnrolledAt),
            (ResidentSort.EnrolledAt, true) => rows.OrderByDescending(r => r.EnrolledAt),
            (ResidentSort.LastSignInAt, false) => rows.OrderBy(r => r.LastSignInAt),
            (ResidentSort.LastSignInAt, true) => rows.OrderByDescending(r => r.LastSignInAt),
            (ResidentSort.LastRemindedAt, false) => rows.OrderBy(r => r.LastRemindedAt),
            (ResidentSort.LastRemindedAt, true) => rows.OrderByDescending(r => r.LastRemindedAt),
            (_, false) => rows.OrderBy(r => r.FamilyName).ThenBy(r => r.GivenName),
            (_, true) => rows.OrderByDescending(r => r.FamilyName).ThenByDescending(r => r.GivenName),
        };

        // A unique last key keeps pages stable when many residents share the sorted value.
        return ordered.ThenBy(r => r.Id).Select(r => new ResidentRow(
            r.Id, r.GivenName, r.FamilyName, r.Email, r.Unit, r.Status, r.HasAuthenticatorApp, r.HasPasskey, r.HasEmailCode,
            r.EnrolledAt, r.LastSignInAt, r.LastRemindedAt));
    }

    /// <summary>The headline counts of each building, in one grouped query (also what the EXPLAIN QUERY PLAN tests look at).</summary>
    internal static IQueryable<CountRow> SummaryQuery(PortalDbContext db, IReadOnlyCollection<Guid> buildingIds, DateTimeOffset cutover) =>
        db.Users
            .Where(u => u.BuildingId != null && buildingIds.Contains(u.BuildingId.Value))
            .GroupBy(u => u.BuildingId!.Value)
            .Select(g => new CountRow(
                g.Key,
                g.Count(),
                g.Count(u => u.ActivatedAt != null),
                g.Count(u => u.ActivatedAt != null && db.UserFactors.Any(f => f.UserId == u.Id)),
                g.Count(u => u.ActivatedAt != null && !db.UserSessions.Any(s => s.UserId == u.Id && s.CreatedAt >= cutover))));

    /// <summary>
    /// When each enrolled resident of the building added their first factor, counted per quarter-hour in SQL (so only
    /// a few hundred numbers come back), then per local day from the cutover's day to today, days without enrolments
    /// included.
    /// </summary>
    private async Task<IReadOnlyList<DailyEnrolments>> EnrolmentsPerDayAsync(PortalDbContext db, Guid buildingId, CancellationToken cancellationToken)
    {
        var cutover = Schedule.PortalCutover;
        List<BucketCount> buckets;
        if (db.Database.IsSqlServer())
        {
            var origin = cutover.ToUniversalTime();
            buckets = await db.UserFactors
                .Where(f => f.User.BuildingId == buildingId && f.User.ActivatedAt != null)
                .GroupBy(f => f.UserId)
                .Select(g => g.Min(f => f.AddedAt))
                .Where(first => first >= origin)
                .GroupBy(first => EF.Functions.DateDiffMinute(origin, first) / 15)
                .Select(g => new BucketCount(g.Key, g.Count()))
                .ToListAsync(cancellationToken);
            buckets = [.. buckets.Select(b => b with { Bucket = (origin.UtcTicks / TicksPerBucket) + b.Bucket })];
        }
        else
        {
            // SQLite keeps instants as UTC ticks (SqlitePortalDbContext), which EF cannot do arithmetic on in LINQ.
            buckets = await db.Database.SqlQuery<BucketCount>($"""
                SELECT firsts."First" / {TicksPerBucket} AS "Bucket", COUNT(*) AS "Enrolments"
                FROM (
                    SELECT MIN(f."AddedAt") AS "First"
                    FROM "UserFactors" AS f
                    INNER JOIN "AspNetUsers" AS u ON u."Id" = f."UserId"
                    WHERE u."BuildingId" = {buildingId} AND u."ActivatedAt" IS NOT NULL
                    GROUP BY f."UserId"
                ) AS firsts
                WHERE firsts."First" >= {cutover.UtcTicks}
                GROUP BY firsts."First" / {TicksPerBucket}
                """).ToListAsync(cancellationToken);
        }

        var perDay = buckets
            .GroupBy(b => DateOnly.FromDateTime(time.ToLocal(new DateTimeOffset(b.Bucket * TicksPerBucket, TimeSpan.Zero)).DateTime))
            .ToDictionary(g => g.Key, g => g.Sum(b => b.Enrolments));
        var first = DateOnly.FromDateTime(time.ToLocal(cutover).DateTime);
        var today = DateOnly.FromDateTime(time.ToLocal(clock.GetUtcNow()).DateTime);
        var days = new List<DailyEnrolments>();
        for (var day = first; day <= today; day = day.AddDays(1))
        {
            days.Add(new DailyEnrolments(day, perDay.GetValueOrDefault(day)));
        }

        return days;
    }

    /// <summary>A resident row while SQL still orders it (EF orders by members of an initialised object, not constructor arguments).</summary>
    internal sealed class ResidentData
    {
        public Guid Id { get; init; }

        public string GivenName { get; init; } = "";

        public string FamilyName { get; init; } = "";

        public string Email { get; init; } = "";

        public string? Unit { get; init; }

        public AccountStatus Status { get; init; }

        public bool HasAuthenticatorApp { get; init; }

        public bool HasPasskey { get; init; }

        public bool HasEmailCode { get; init; }

        public DateTimeOffset? EnrolledAt { get; init; }

        public DateTimeOffset? LastSignInAt { get; init; }

        public DateTimeOffset? LastRemindedAt { get; init; }
    }

    internal sealed record CountRow(Guid BuildingId, int Residents, int Activated, int Enrolled, int NotSignedIn);

    private sealed record BucketCount(long Bucket, int Enrolments);
}
