using System.Net;
using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Features.Announcements;
using ConnecXPortal.Web.Features.Manage.CommunicationKit;
using Microsoft.EntityFrameworkCore;

namespace ConnecXPortal.Tests.Integration.Manage;

public sealed class CommunicationKitTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task Manager_OpeningTheKitOfABuildingTheyDoNotManage_IsRefused_AndAuditedOnce()
    {
        var (managerId, notTheirs) = await SecondManagerAndABuildingTheyDoNotManageAsync();
        using var client = await app.SignedInClientAsync(DemoAccounts.SecondManager);

        var page = await client.GetAsync(KitRoutes.Kit(notTheirs));

        page.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        page.Heading.Should().Be("You can't open this building's kit");
        page.Html.Should().NotContain("Send the announcement to your residents");
        await using var db = app.CreateDbContext();
        var refusals = await db.AuditEvents
            .Where(e => e.Type == AuditEventTypes.BuildingAccessDenied && e.ActorId == managerId && e.BuildingId == notTheirs && e.Details!.Contains("communication kit"))
            .ToListAsync();
        refusals.Should().ContainSingle().Which.ActorEmail.Should().Be(DemoAccounts.SecondManager);
    }

    [Fact]
    public async Task Manager_PrintingTheNoticeOfABuildingTheyDoNotManage_IsRefused_AndAudited()
    {
        var (managerId, notTheirs) = await SecondManagerAndABuildingTheyDoNotManageAsync();
        using var client = await app.SignedInClientAsync(DemoAccounts.SecondManager);

        var page = await client.GetAsync(KitRoutes.Notice(notTheirs));

        page.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        page.Html.Should().NotContain("Multi-factor authentication is coming to connecX");
        await using var db = app.CreateDbContext();
        (await db.AuditEvents.CountAsync(e => e.Type == AuditEventTypes.BuildingAccessDenied && e.ActorId == managerId
            && e.BuildingId == notTheirs && e.Details!.Contains("printable notice"))).Should().Be(1);
    }

    [Fact]
    public async Task Manager_OwnBuildingsKit_PreviewsTheEmail_AndLinksTheNotice()
    {
        var building = await OwnBuildingAsync(DemoAccounts.Manager, "Harbourview Apartments");
        using var client = await app.SignedInClientAsync(DemoAccounts.Manager);

        var page = await client.GetAsync(KitRoutes.Kit(building));

        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Heading.Should().Be("Communication kit: Harbourview Apartments");
        var preview = page.Document.QuerySelector("iframe")!;
        preview.GetAttribute("srcdoc").Should().Contain("Hello [first name],").And.Contain("Multi-factor authentication is coming to connecX");
        preview.GetAttribute("title").Should().StartWith("Preview of the email");
        page.Document.QuerySelectorAll("a").Select(a => a.GetAttribute("href")).Should().Contain(KitRoutes.Notice(building));
    }

    [Fact]
    public async Task KitIndex_ListsOnlyTheManagersBuildings()
    {
        using var client = await app.SignedInClientAsync(DemoAccounts.Manager);

        var page = await client.GetAsync(KitRoutes.Index);

        page.Document.QuerySelectorAll("h3").Select(h => h.TextContent.Trim()).Should().Equal("Harbourview Apartments", "Parkside Residences");
    }

    [Fact]
    public async Task PrintableNotice_HasAPrintStylesheet_TheBuilding_AndTheConfiguredDates()
    {
        var building = await OwnBuildingAsync(DemoAccounts.Manager, "Parkside Residences");
        using var client = await app.SignedInClientAsync(DemoAccounts.Manager);

        var page = await client.GetAsync(KitRoutes.Notice(building));

        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Document.QuerySelectorAll("link[rel=stylesheet]").Select(l => l.GetAttribute("href")).Should().Contain("brand/notice.css");
        var css = await client.Http.GetStringAsync("/brand/notice.css");
        css.Should().Contain("@media print").And.Contain("@page");
        css[css.IndexOf("@media print", StringComparison.Ordinal)..].Should().MatchRegex(@"\.cx-no-print\s*\{\s*display:\s*none");
        page.Document.QuerySelector("button")!.Closest(".cx-no-print").Should().NotBeNull("the print button is not printed");
        var text = System.Text.RegularExpressions.Regex.Replace(page.Document.QuerySelector("article")!.TextContent, @"\s+", " ");
        text.Should().Contain("Parkside Residences").And.Contain("48 Lang Road")
            .And.Contain("Wednesday 21 August 2024").And.Contain("6:00 pm")
            .And.Contain("Android from Thursday 22 August 2024").And.Contain("iPhone from Thursday 29 August 2024")
            .And.Contain("white-label apps from Thursday 5 September 2024").And.Contain("Wednesday 11 September 2024")
            .And.Contain($"{app.ServerAddress}help")
            .And.Contain("Priya Sharma");
        page.Document.QuerySelector("article img[src^='data:image/png']")!.GetAttribute("alt").Should().Be($"QR code linking to {app.ServerAddress}help");
    }

    [Theory]
    [InlineData(DemoAccounts.EnrolledResident)]
    [InlineData(DemoAccounts.Support)]
    public async Task OnlyBuildingManagers_OpenTheKit(string email)
    {
        var building = await OwnBuildingAsync(DemoAccounts.Manager, "Harbourview Apartments");
        using var client = await app.SignedInClientAsync(email);

        var page = await client.GetAsync(KitRoutes.Kit(building));

        page.IsRedirect.Should().BeTrue();
        page.Location!.AbsolutePath.Should().Be("/account/access-denied");
    }

    [Theory]
    [InlineData(DemoAccounts.EnrolledResident)]
    [InlineData(DemoAccounts.Manager)]
    public async Task OnlySupport_OpensTheAnnouncementsPage(string email)
    {
        using var client = await app.SignedInClientAsync(email);

        var page = await client.GetAsync(SupportAnnouncementRoutes.Page);

        page.IsRedirect.Should().BeTrue();
        page.Location!.AbsolutePath.Should().Be("/account/access-denied");
    }

    [Fact]
    public async Task AnonymousVisitors_AreSentToSignIn()
    {
        using var client = app.CreatePortalClient();

        var page = await client.GetAsync(SupportAnnouncementRoutes.Page);

        page.IsRedirect.Should().BeTrue();
        page.Location!.AbsolutePath.Should().Be("/account/sign-in");
    }

    private async Task<(Guid ManagerId, Guid BuildingId)> SecondManagerAndABuildingTheyDoNotManageAsync()
    {
        await using var db = app.CreateDbContext();
        var manager = await db.Users.Where(u => u.Email == DemoAccounts.SecondManager).Select(u => u.Id).SingleAsync();
        var building = await db.Buildings.Where(b => b.Name == "Harbourview Apartments").Select(b => b.Id).SingleAsync();
        (await db.BuildingManagers.AnyAsync(m => m.ManagerId == manager && m.BuildingId == building)).Should().BeFalse();
        return (manager, building);
    }

    private async Task<Guid> OwnBuildingAsync(string managerEmail, string name)
    {
        await using var db = app.CreateDbContext();
        return await db.BuildingManagers.Where(m => m.Manager.Email == managerEmail && m.Building.Name == name).Select(m => m.BuildingId).SingleAsync();
    }
}
