using Bunit;
using ConnecXPortal.Domain.People;
using ConnecXPortal.Web.Components.Layout;
using Microsoft.Extensions.DependencyInjection;

namespace ConnecXPortal.Tests.Components.Layout;

public sealed class CommunicationNavTests : PortalComponentTest
{
    [Theory]
    [InlineData(PortalRoles.Resident, false, false)]
    [InlineData(PortalRoles.BuildingManager, true, false)]
    [InlineData(PortalRoles.Support, false, true)]
    public void NavMenu_OffersTheKitToManagers_AnnouncementsToSupport_AndHelpToEveryone(string role, bool kit, bool announcements)
    {
        UseEnvironment("Production");
        AddAuthorization().SetAuthorized("someone@example.com").SetRoles(role);

        var nav = Render<NavMenu>();

        nav.FindAll("a[href='/manage/communication']").Should().HaveCount(kit ? 1 : 0);
        nav.FindAll("a[href='/support/announcements']").Should().HaveCount(announcements ? 1 : 0);
        nav.FindAll("a[href='/help']").Should().ContainSingle().Which.TextContent.Trim().Should().Be("Help");
    }
}
