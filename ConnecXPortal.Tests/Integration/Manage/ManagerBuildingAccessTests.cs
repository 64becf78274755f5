using System.Net;
using System.Text.Json;
using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Features.Manage;
using ConnecXPortal.Web.Features.Manage.Dashboard;
using ConnecXPortal.Web.Features.Manage.Reminders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ConnecXPortal.Tests.Integration.Manage;

/// <summary>A building manager reaches only their own buildings; every attempt at another is refused and audited.</summary>
public sealed class ManagerBuildingAccessTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task Dashboard_ListsOnlyTheManagersOwnBuildings()
    {
        using var client = await app.SignedInClientAsync(DemoAccounts.SecondManager);

        var page = await client.GetAsync(ManageRoutes.Dashboard);

        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Document.QuerySelectorAll("tbody th[scope=row]").Select(th => th.TextContent.Trim()).Should().Equal("The Quarry Lofts");
    }

    [Fact]
    public async Task BuildingPage_OfAnotherManagersBuilding_IsRefused_AndAuditedOnce()
    {
        var (managerId, notTheirs) = await SecondManagerAndHarbourviewAsync();
        using var client = await app.SignedInClientAsync(DemoAccounts.SecondManager);

        var page = await client.GetAsync(ManageRoutes.Building(notTheirs));

        page.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        page.Heading.Should().Be("You can't open this building");
        page.Html.Should().NotContain("Harbourview Apartments").And.NotContain("resident@example.com");
        (await RefusalsAsync(managerId, notTheirs, "enrolment dashboard")).Should().Be(1);
    }

    [Fact]
    public async Task Export_OfAnotherManagersBuilding_IsRefusedWithAProblem_AndAudited()
    {
        var (managerId, notTheirs) = await SecondManagerAndHarbourviewAsync();
        using var client = await app.SignedInClientAsync(DemoAccounts.SecondManager);

        var response = await client.Http.GetAsync(ManageRoutes.Export(new ResidentQuery(notTheirs)));

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        problem.GetProperty("code").GetString().Should().Be("building-not-managed");
        problem.GetRawText().Should().NotContain("@example.com");
        (await RefusalsAsync(managerId, notTheirs, "resident export")).Should().Be(1);
    }

    [Fact]
    public async Task Reminder_ToAnotherManagersBuilding_IsRefused_Audited_AndSendsNothing()
    {
        var (managerId, notTheirs) = await SecondManagerAndHarbourviewAsync();
        var manager = await app.PrincipalAsync(DemoAccounts.SecondManager);
        var outboxBefore = await OutboxCountAsync();

        var result = await RemindAsync(manager, ReminderRequest.AllNotEnrolled(notTheirs));

        result.Refused.Should().BeTrue();
        result.Sent.Should().BeEmpty();
        result.Problem.Should().Be("You can only send reminders to the residents of buildings you manage. This attempt has been recorded.");
        (await RefusalsAsync(managerId, notTheirs, "sending reminders")).Should().Be(1);
        (await OutboxCountAsync()).Should().Be(outboxBefore);
        await using var db = app.CreateDbContext();
        (await db.ResidentReminders.AnyAsync(r => r.BuildingId == notTheirs)).Should().BeFalse();
    }

    [Fact]
    public async Task Reminder_ToChosenResidentsOfAnotherBuilding_FromTheManagersOwnBuilding_IsRefused_AndAudited()
    {
        var own = await app.CreateManagedBuildingAsync(DemoAccounts.SecondManager);
        var ownResident = (await app.AddResidentsAsync(own, new ResidentSpec("Own", "Resident")))[0];
        var (managerId, harbourview) = await SecondManagerAndHarbourviewAsync();
        var stranger = (await app.AddResidentsAsync(harbourview, new ResidentSpec("Not", "Theirs")))[0];
        var manager = await app.PrincipalAsync(DemoAccounts.SecondManager);

        var result = await RemindAsync(manager, new ReminderRequest(own, [ownResident, stranger]));

        result.Refused.Should().BeTrue();
        result.Sent.Should().BeEmpty("nothing is sent when part of the request is refused");
        await using var db = app.CreateDbContext();
        (await db.AuditEvents.CountAsync(e => e.Type == AuditEventTypes.BuildingAccessDenied && e.ActorId == managerId && e.BuildingId == own
            && e.Details!.Contains("1 chosen people who are not residents"))).Should().Be(1);
        (await db.ResidentReminders.AnyAsync(r => r.UserId == ownResident || r.UserId == stranger)).Should().BeFalse();
    }

    [Fact]
    public async Task Dashboard_IsForBuildingManagersOnly_EvenThroughTheService()
    {
        var building = await app.CreateManagedBuildingAsync();
        var support = await app.PrincipalAsync(DemoAccounts.Support);

        var result = await RemindAsync(support, ReminderRequest.AllNotEnrolled(building));

        result.Refused.Should().BeTrue("support is not assigned to the building");
    }

    private Task<ReminderResult> RemindAsync(System.Security.Claims.ClaimsPrincipal who, ReminderRequest request) =>
        app.WithScopeAsync(services => services.GetRequiredService<EnrolmentReminders>().SendAsync(who, request));

    private async Task<(Guid ManagerId, Guid BuildingId)> SecondManagerAndHarbourviewAsync()
    {
        await using var db = app.CreateDbContext();
        var manager = await db.Users.Where(u => u.Email == DemoAccounts.SecondManager).Select(u => u.Id).SingleAsync();
        var building = await db.Buildings.Where(b => b.Name == "Harbourview Apartments").Select(b => b.Id).SingleAsync();
        (await db.BuildingManagers.AnyAsync(m => m.ManagerId == manager && m.BuildingId == building)).Should().BeFalse();
        return (manager, building);
    }

    private async Task<int> RefusalsAsync(Guid managerId, Guid buildingId, string attempted)
    {
        await using var db = app.CreateDbContext();
        return await db.AuditEvents.CountAsync(e => e.Type == AuditEventTypes.BuildingAccessDenied && e.ActorId == managerId
            && e.BuildingId == buildingId && e.Details!.Contains(attempted));
    }

    private async Task<int> OutboxCountAsync()
    {
        await using var db = app.CreateDbContext();
        return await db.OutboxMessages.CountAsync();
    }
}
