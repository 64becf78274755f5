using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Domain.People;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Manage.Dashboard;
using ConnecXPortal.Web.Features.Support.Log;
using ConnecXPortal.Web.Features.Support.Users;
using Microsoft.Extensions.DependencyInjection;

namespace ConnecXPortal.Tests.Integration.Manage;

/// <summary>
/// The dashboard, the resident table, support's search and the audit log find their rows through indexes instead of
/// reading whole tables: what keeps them fast at 100,000 residents in 500 buildings. These are
/// SQLite's own plans (EXPLAIN QUERY PLAN) for the SQL and parameters EF Core sends.
/// </summary>
public sealed class QueryPlanTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    private static readonly Guid Building = Guid.CreateVersion7();

    [Fact]
    public async Task DashboardFigures_SeekTheBuildingsResidents_AndTheirFactorsAndSessionsByIndex()
    {
        await using var db = app.CreateDbContext();

        var plan = await QueryPlans.ExplainAsync(EnrolmentDashboard.SummaryQuery(db, [Building], DateTimeOffset.UtcNow));

        plan.FullScans().Should().BeEmpty(string.Join("\n", plan));
        plan.Should().Contain(l => l.Contains("USING INDEX IX_AspNetUsers_BuildingId_ActivatedAt (BuildingId=?)", StringComparison.Ordinal))
            .And.Contain(l => l.Contains("USING COVERING INDEX IX_UserFactors_UserId (UserId=?)", StringComparison.Ordinal))
            .And.Contain(l => l.Contains("USING COVERING INDEX IX_UserSessions_UserId_CreatedAt (UserId=? AND CreatedAt>?)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ResidentTablePage_WithStatusAndKindFilters_SeeksByIndex()
    {
        await using var db = app.CreateDbContext();
        var query = new ResidentQuery(Building) { Status = AccountStatus.Enrolled, FactorKind = FactorKind.Passkey, Sort = ResidentSort.LastSignInAt, Page = 3 };

        var page = await QueryPlans.ExplainAsync(Page(db, query));
        var count = await QueryPlans.ExplainAsync(EnrolmentDashboard.Filtered(db, query).Select(u => u.Id));

        page.FullScans().Should().BeEmpty(string.Join("\n", page));
        count.FullScans().Should().BeEmpty(string.Join("\n", count));
        page.Should().Contain(l => l.Contains("USING INDEX IX_AspNetUsers_BuildingId_ActivatedAt (BuildingId=? AND ActivatedAt>?)", StringComparison.Ordinal))
            .And.Contain(l => l.Contains("IX_UserFactors_Kind_UserId (Kind=? AND UserId=?)", StringComparison.Ordinal))
            .And.Contain(l => l.Contains("IX_UserSessions_UserId_CreatedAt (UserId=?)", StringComparison.Ordinal))
            .And.Contain(l => l.Contains("IX_ResidentReminders_UserId_SentAt (UserId=?)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ResidentTablePage_SortedByName_ReadsTheBuildingInNameOrder()
    {
        await using var db = app.CreateDbContext();

        var plan = await QueryPlans.ExplainAsync(Page(db, new ResidentQuery(Building) { Search = "smith", Page = 2 }));

        plan.FullScans().Should().BeEmpty(string.Join("\n", plan));
        plan.Should().Contain(l => l.Contains("SEARCH a USING INDEX IX_AspNetUsers_BuildingId", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("harbour")]
    [InlineData("olivia ng")]
    [InlineData("resident@exa")]
    public async Task SupportSearch_CombinesTheEmailNameAndBuildingIndexes(string term)
    {
        await using var db = app.CreateDbContext();
        var matching = await UserSearch.MatchingAsync(db, term);

        var plan = await QueryPlans.ExplainAsync(matching.OrderBy(u => u.FamilyName).Take(25));

        plan.FullScans().Should().BeEmpty(string.Join("\n", plan));
        plan.Should().Contain("MULTI-INDEX OR")
            .And.Contain(l => l.Contains("USING INDEX EmailIndex (NormalizedEmail>? AND NormalizedEmail<?)", StringComparison.Ordinal))
            .And.Contain(l => l.Contains("USING INDEX IX_AspNetUsers_GivenName (GivenName>? AND GivenName<?)", StringComparison.Ordinal))
            .And.Contain(l => l.Contains("USING INDEX IX_AspNetUsers_FamilyName_GivenName (FamilyName>? AND FamilyName<?)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SupportSearch_WithNoTerm_ReadsUsersInNameOrder_OnlyAsFarAsThePage()
    {
        await using var db = app.CreateDbContext();
        var matching = await UserSearch.MatchingAsync(db, null);

        var plan = await QueryPlans.ExplainAsync(matching
            .OrderBy(u => u.FamilyName).ThenBy(u => u.GivenName).ThenBy(u => u.NormalizedEmail).ThenBy(u => u.Id).Skip(50).Take(25));

        plan.Should().Contain("SCAN a USING INDEX IX_AspNetUsers_FamilyName_GivenName", "rows come in name order, so the scan stops after the page");
        plan.Should().NotContain("USE TEMP B-TREE FOR ORDER BY", "the whole table is never sorted");
    }

    [Theory]
    [InlineData(AuditEventTypes.FactorsReset, null, null, "IX_AuditEvents_Type_At (Type=?)")]
    [InlineData(null, null, DemoAccounts.Resident, "IX_AuditEvents_SubjectId_At (SubjectId=?)")]
    [InlineData(null, DemoAccounts.Support, null, "IX_AuditEvents_ActorId_At (ActorId=? AND At>? AND At<?)")]
    public async Task AuditLogSearch_SeeksByTheFilteredColumn_NewestFirstWithoutSorting(string? type, string? actor, string? subject, string index)
    {
        await using var db = app.CreateDbContext();
        var search = app.Services.GetRequiredService<AuditSearch>();
        var query = new AuditQuery(type, actor, subject, From: actor is null ? null : new DateOnly(2024, 9, 1), To: actor is null ? null : new DateOnly(2024, 9, 30));

        var plan = await QueryPlans.ExplainAsync((await search.FilteredAsync(db, query))
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Skip(50).Take(50));

        plan.Should().ContainSingle().Which.Should().Contain(index);
        plan.Should().NotContain(l => l.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    private static IQueryable<ResidentRow> Page(PortalDbContext db, ResidentQuery query) =>
        EnrolmentDashboard.Ordered(EnrolmentDashboard.Rows(db, EnrolmentDashboard.Filtered(db, query)), query)
            .Skip(query.Page * query.PageSize).Take(query.PageSize);
}
