using System.Net;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Features.Manage;
using ConnecXPortal.Web.Features.Manage.CommunicationKit;
using Microsoft.EntityFrameworkCore;

namespace ConnecXPortal.Tests.Integration.Manage;

/// <summary>A building manager not yet assigned to any building is told so on each page that lists their buildings.</summary>
public sealed class UnassignedManagerTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    [Theory]
    [InlineData(ManageRoutes.Dashboard)]
    [InlineData(KitRoutes.Index)]
    public async Task APageOfTheirBuildings_SaysTheyAreNotAssignedYet(string path)
    {
        await using (var db = app.CreateDbContext())
        {
            var managerId = await db.Users.Where(u => u.Email == DemoAccounts.SecondManager).Select(u => u.Id).SingleAsync();
            await db.BuildingManagers.Where(a => a.ManagerId == managerId).ExecuteDeleteAsync();
        }

        using var client = await app.SignedInClientAsync(DemoAccounts.SecondManager);

        var page = await client.GetAsync(path);

        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Document.QuerySelector(".mud-alert")!.TextContent.Should().Contain("You are not assigned to any building yet. connecX support can assign you.");
        page.Html.Should().NotContain("The Quarry Lofts");
    }
}
