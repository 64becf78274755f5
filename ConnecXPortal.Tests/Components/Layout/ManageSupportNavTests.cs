using Bunit;
using ConnecXPortal.Domain.People;
using ConnecXPortal.Web.Components.Layout;
using Microsoft.Extensions.DependencyInjection;

namespace ConnecXPortal.Tests.Components.Layout;

public sealed class ManageSupportNavTests : PortalComponentTest
{
    [Theory]
    [InlineData(PortalRoles.Resident, new string[0])]
    [InlineData(PortalRoles.BuildingManager, new[] { "Enrolment dashboard" })]
    [InlineData(PortalRoles.Support, new[] { "Find a user", "Audit log" })]
    public void NavMenu_PutsTheDashboardUnderYourBuildings_AndTheConsoleAndAuditLogUnderSupport(string role, string[] expected)
    {
        UseEnvironment("Production");
        AddAuthorization().SetAuthorized("someone@example.com").SetRoles(role);

        var nav = Render<NavMenu>();

        var links = nav.FindAll("a").Select(a => (Text: a.TextContent.Trim(), Href: a.GetAttribute("href"))).ToList();
        links.Where(l => l.Href is "/manage" or "/support" or "/support/audit").Select(l => l.Text).Should().Equal(expected);
        if (role == PortalRoles.BuildingManager)
        {
            HeadingBefore(nav, "/manage").Should().Be("Your buildings");
        }

        if (role == PortalRoles.Support)
        {
            HeadingBefore(nav, "/support").Should().Be("Support");
            HeadingBefore(nav, "/support/audit").Should().Be("Support");
        }
    }

    private static string HeadingBefore(IRenderedComponent<NavMenu> nav, string href)
    {
        var headingText = "";
        foreach (var element in nav.FindAll("h2, a"))
        {
            if (element.TagName == "H2")
            {
                headingText = element.TextContent.Trim();
            }
            else if (element.GetAttribute("href") == href)
            {
                return headingText;
            }
        }

        return "";
    }
}
