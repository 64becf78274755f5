using ConnecXPortal.Domain.People;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Data.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ConnecXPortal.Tests.Integration.Data;

public sealed class DemoDataTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task DemoData_HasThreeBuildings_SixtyResidents_TwoManagers_AndOneSupportUser()
    {
        await using var db = app.CreateDbContext();

        (await db.Buildings.CountAsync()).Should().Be(3);
        (await CountInRoleAsync(PortalRoles.Resident)).Should().Be(60);
        (await CountInRoleAsync(PortalRoles.BuildingManager)).Should().Be(2);
        (await CountInRoleAsync(PortalRoles.Support)).Should().Be(1);
        (await db.BuildingManagers.CountAsync()).Should().Be(3);
        (await db.Users.Where(u => u.BuildingId != null).GroupBy(u => u.BuildingId).Select(g => g.Count()).ToListAsync())
            .Should().OnlyContain(count => count == 20);

        async Task<int> CountInRoleAsync(string role) =>
            await db.UserRoles.CountAsync(ur => db.Roles.Any(r => r.Id == ur.RoleId && r.Name == role));
    }

    [Fact]
    public async Task DemoData_AfterTheCutover_NoticesSayMultiFactorIsRequired_AndEnrolmentsSpreadOverTheLastWeeks()
    {
        await using var db = app.CreateDbContext();

        (await db.BuildingNotices.Select(n => n.Title).Distinct().ToListAsync())
            .Should().BeEquivalentTo("Multi-factor authentication is now required", "Lift maintenance");
        (await db.BuildingNotices.Select(n => n.Body).ToListAsync()).Should().Contain(body => body.StartsWith("Since 21 August 2024 you verify"));

        var now = PortalAppFactory.DefaultStart; // when the demo data was seeded
        var added = await db.UserFactors.Where(f => f.User.BuildingId != null).Select(f => f.AddedAt).ToListAsync();
        added.Should().OnlyContain(a => a < now && a > now.AddDays(-21));
        added.Select(a => a.Date).Distinct().Should().HaveCountGreaterThan(10, "a rollout over days, not one spike");
    }

    [Fact]
    public async Task DemoData_HasResidentsInvitedAndActivated_InEveryBuilding()
    {
        await using var db = app.CreateDbContext();

        var states = await db.Users.Where(u => u.BuildingId != null)
            .GroupBy(u => new { u.BuildingId, Activated = u.ActivatedAt != null })
            .Select(g => new { g.Key.BuildingId, g.Key.Activated, Count = g.Count() })
            .ToListAsync();

        states.Where(s => !s.Activated).Select(s => s.BuildingId).Distinct().Should().HaveCount(3);
        states.Where(s => s.Activated).Select(s => s.BuildingId).Distinct().Should().HaveCount(3);
        (await db.Users.SingleAsync(u => u.Email == DemoAccounts.InvitedResident)).PasswordHash.Should().BeNull();
    }

    [Fact]
    public async Task Seeder_OnADatabaseWithUsers_DoesNothing()
    {
        var seeded = await app.WithScopeAsync(services => services.GetRequiredService<DemoDataSeeder>().SeedAsync(CancellationToken.None));

        seeded.Should().BeFalse();
        await using var db = app.CreateDbContext();
        (await db.Buildings.CountAsync()).Should().Be(3);
    }
}
