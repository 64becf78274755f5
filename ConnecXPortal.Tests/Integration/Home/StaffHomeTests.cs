using ConnecXPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ConnecXPortal.Tests.Integration.Home;

/// <summary>Staff land on a useful home page: managers see their buildings' enrolment, support their tools.</summary>
public sealed class StaffHomeTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task Manager_SeesEachOfTheirBuildings_WithItsEnrolment_AndLinksToTheirAreas()
    {
        using var client = await app.SignedInClientAsync(DemoAccounts.Manager);

        var home = await client.GetAsync("/");

        home.Document.QuerySelectorAll("section[aria-labelledby=manager-home-heading] h3").Select(h => h.TextContent.Trim())
            .Should().Equal("Harbourview Apartments", "Parkside Residences");
        home.Document.QuerySelector("section[aria-labelledby=manager-home-heading]")!.TextContent.Should().MatchRegex(@"\d+\.\d% enrolled \(\d+ of 20 residents\)");
        home.Html.Should().NotContain("Use the menu to reach your work areas");
        Links(home).Should().Contain(["/manage", "/manage/communication", "/manage/invite"]);
        home.Html.Should().NotContain("support-home-heading");
    }

    [Fact]
    public async Task Support_SeesAUserSearch_TodaysFigures_AndTheirTools()
    {
        using var client = await app.SignedInClientAsync(DemoAccounts.Support);

        var home = await client.GetAsync("/");

        home.Document.QuerySelector("#support-home-heading")!.TextContent.Trim().Should().Be("Support");
        home.Document.QuerySelector("[data-testid=events-today]")!.TextContent.Trim().Should().MatchRegex(@"^\d[\d,]*$");
        Links(home).Should().Contain(["/support/audit", "/support/cutover", "/support/announcements", "/manage/invite"]);
        home.Html.Should().NotContain("manager-home-heading");
    }

    [Fact]
    public async Task Resident_SeesTheirHome_TheirBuildingsNoticesNewestFirst_AndNoStaffCards()
    {
        using var client = await app.SignedInClientAsync(DemoAccounts.EnrolledResident);

        var home = await client.GetAsync("/");

        await using var db = app.CreateDbContext();
        var resident = await db.Users.Include(u => u.Building).SingleAsync(u => u.Email == DemoAccounts.EnrolledResident);
        var notices = await db.BuildingNotices.Where(n => n.BuildingId == resident.BuildingId)
            .OrderByDescending(n => n.PublishedAt).Select(n => n.Title).ToListAsync();
        notices.Should().HaveCountGreaterThan(1, "the demo data gives every building notices");
        var main = home.Document.QuerySelector("main")!;
        main.QuerySelector("h1")!.TextContent.Should().Be($"Welcome, {resident.GivenName}");
        main.QuerySelectorAll("h2").Select(h => h.TextContent).Should().Equal("Your home", "Building notices");
        main.TextContent.Should().Contain($"Unit {resident.Unit}, {resident.Building!.Name}")
            .And.Contain($"{resident.Building.Address}, {resident.Building.Suburb} {resident.Building.State} {resident.Building.Postcode}");
        main.QuerySelectorAll("li h3").Select(h => h.TextContent).Should().Equal(notices);
        main.QuerySelectorAll("li").Should().AllSatisfy(li => li.TextContent.Should().MatchRegex(@"Published \d{1,2} [A-Z][a-z]+ \d{4}"));
        home.Html.Should().NotContain("manager-home-heading").And.NotContain("support-home-heading");
    }

    private static IEnumerable<string?> Links(PortalResponse page) => page.Document.QuerySelectorAll("main a").Select(a => a.GetAttribute("href"));
}
