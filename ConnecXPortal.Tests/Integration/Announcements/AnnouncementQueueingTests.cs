using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Domain.People;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Features.Announcements;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ConnecXPortal.Tests.Integration.Announcements;

/// <summary>Queueing and sending with the Development outbox (no SendGrid): who is addressed, who may send.</summary>
public sealed class AnnouncementQueueingTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task InDevelopment_EachResidentGetsTheirOwnCopy_InTheOutbox()
    {
        var building = await app.CreateBuildingWithResidentsAsync(3);

        var campaign = await app.QueueForBuildingAsync(building);
        (await app.WaitForCompletionAsync(campaign)).Sent.Should().Be(3);

        await using var db = app.CreateDbContext();
        var emails = await db.Users.Where(u => u.BuildingId == building).OrderBy(u => u.Email).Select(u => new { u.Email, u.GivenName }).ToListAsync();
        foreach (var resident in emails)
        {
            var message = await db.OutboxMessages.SingleAsync(m => m.To == resident.Email && m.Template == AnnouncementEmail.Template);
            message.ToName.Should().Be($"{resident.GivenName} Bulk");
            message.TextBody.Should().Contain($"Hello {resident.GivenName},");
            message.HtmlBody.Should().Contain($"Hello {resident.GivenName},").And.StartWith("<!DOCTYPE html>");
            message.HtmlBody.Should().Contain($"href=\"{app.ServerAddress}help/portal-first-time-user\"");
        }
    }

    [Fact]
    public async Task AllResidents_ReachesEveryResident_ButNoStaff_AndNobodyTwice()
    {
        await using var db = app.CreateDbContext();
        var residents = await db.Users
            .Where(u => u.BuildingId != null && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == PortalRoles.Resident)))
            .Select(u => u.Id)
            .ToListAsync();

        var count = await app.WithScopeAsync(s => s.GetRequiredService<Campaigns>().CountAsync(AnnouncementAudience.AllResidents(includeAlreadySent: true)));
        var result = await app.QueueAnnouncementAsync(AnnouncementAudience.AllResidents(includeAlreadySent: true));

        count.Should().Be(residents.Count);
        result.Recipients.Should().Be(residents.Count);
        var recipients = await db.AnnouncementRecipients.Where(r => r.CampaignId == result.CampaignId).Select(r => r.UserId).ToListAsync();
        recipients.Should().BeEquivalentTo(residents);
        var staff = await db.Users.Where(u => u.Email == DemoAccounts.Manager || u.Email == DemoAccounts.Support).Select(u => u.Id).ToListAsync();
        recipients.Should().NotContain(staff);
        await app.WaitForCompletionAsync(result.CampaignId!.Value);

        var again = await app.QueueAnnouncementAsync(AnnouncementAudience.AllResidents());

        again.Queued.Should().BeFalse();
        again.Problem.Should().Be("Every resident in the chosen buildings has already been sent the announcement.");
    }

    [Fact]
    public async Task Queueing_IsAudited_WithTheAudienceAndCount()
    {
        var building = await app.CreateBuildingWithResidentsAsync(2);

        var campaign = await app.QueueForBuildingAsync(building);

        await using var db = app.CreateDbContext();
        var entry = await db.AuditEvents.SingleAsync(e => e.Type == AuditEventTypes.AnnouncementQueued && e.Details!.Contains(campaign.ToString()));
        entry.ActorEmail.Should().Be("support.tester@example.com");
        entry.BuildingId.Should().Be(building);
        entry.Details.Should().Contain("2 recipients");
    }

    [Fact]
    public async Task Manager_CanSendToTheirOwnBuilding_SkippingResidentsAlreadySent()
    {
        await using var db = app.CreateDbContext();
        var manager = await db.Users.SingleAsync(u => u.Email == DemoAccounts.SecondManager);
        var building = await db.BuildingManagers.Where(m => m.ManagerId == manager.Id).Select(m => m.BuildingId).SingleAsync();
        var residentCount = await db.Users.CountAsync(u => u.BuildingId == building);
        var asManager = AnnouncementTestData.Person(manager.Id, manager.Email!, PortalRoles.BuildingManager);
        var alreadySent = await db.AnnouncementRecipients.Where(r => r.BuildingId == building && r.Status != RecipientStatus.Failed)
            .Select(r => r.UserId).Distinct().CountAsync();

        var result = await app.QueueAnnouncementAsync(AnnouncementAudience.Building(building), asManager);

        if (alreadySent == residentCount)
        {
            result.Queued.Should().BeFalse();
        }
        else
        {
            result.Recipients.Should().Be(residentCount - alreadySent);
            await app.WaitForCompletionAsync(result.CampaignId!.Value);
        }

        var again = await app.QueueAnnouncementAsync(AnnouncementAudience.Building(building), asManager);
        again.Queued.Should().BeFalse();
        again.Problem.Should().Be("Every resident in the chosen buildings has already been sent the announcement.");
    }

    [Fact]
    public async Task Manager_SendingToABuildingTheyDoNotManage_IsRefused_AndAudited()
    {
        await using var db = app.CreateDbContext();
        var manager = await db.Users.SingleAsync(u => u.Email == DemoAccounts.SecondManager);
        var notTheirs = await db.Buildings.Where(b => !b.Managers.Any(m => m.ManagerId == manager.Id)).Select(b => b.Id).FirstAsync();
        var asManager = AnnouncementTestData.Person(manager.Id, manager.Email!, PortalRoles.BuildingManager);

        var result = await app.QueueAnnouncementAsync(AnnouncementAudience.Building(notTheirs), asManager);

        result.Queued.Should().BeFalse();
        result.Problem.Should().Be("You can only send the announcement to the residents of a building you manage.");
        (await db.AnnouncementCampaigns.AnyAsync(c => c.Buildings.Any(b => b.BuildingId == notTheirs) && c.CreatedById == manager.Id)).Should().BeFalse();
        var refusal = await db.AuditEvents.SingleAsync(e => e.Type == AuditEventTypes.BuildingAccessDenied && e.ActorId == manager.Id && e.BuildingId == notTheirs);
        refusal.Details.Should().Contain("sending the announcement");
    }

    [Fact]
    public async Task Manager_CannotSendToAllResidents()
    {
        await using var db = app.CreateDbContext();
        var manager = await db.Users.SingleAsync(u => u.Email == DemoAccounts.Manager);
        var asManager = AnnouncementTestData.Person(manager.Id, manager.Email!, PortalRoles.BuildingManager);

        var result = await app.QueueAnnouncementAsync(AnnouncementAudience.AllResidents(), asManager);

        result.Queued.Should().BeFalse();
        result.Problem.Should().Be("Only connecX support can send the announcement to more than one building.");
    }
}
