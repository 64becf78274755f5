using Bunit;
using ConnecXPortal.Domain.People;
using ConnecXPortal.Web.Components.Layout;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;

namespace ConnecXPortal.Tests.Components;

public sealed class CommunicationNavTests : PortalComponentTest
{
    [Theory]
    [InlineData(PortalRoles.Resident, false, false)]
    [InlineData(PortalRoles.BuildingManager, true, false)]
    [InlineData(PortalRoles.Support, false, true)]
    public void NavMenu_OffersTheKitToManagers_AnnouncementsToSupport_AndHelpToEveryone(string role, bool kit, bool announcements)
    {
        Services.AddSingleton<IWebHostEnvironment>(new ProductionEnvironment());
        AddAuthorization().SetAuthorized("someone@example.com").SetRoles(role);

        var nav = Render<NavMenu>();

        nav.FindAll("a[href='/manage/communication']").Should().HaveCount(kit ? 1 : 0);
        nav.FindAll("a[href='/support/announcements']").Should().HaveCount(announcements ? 1 : 0);
        nav.FindAll("a[href='/help']").Should().ContainSingle().Which.TextContent.Trim().Should().Be("Help");
    }

    private sealed class ProductionEnvironment : IWebHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Production";

        public string ApplicationName { get; set; } = "ConnecXPortal.Web";

        public string WebRootPath { get; set; } = "";

        public IFileProvider WebRootFileProvider { get; set; } = new NullFileProvider();

        public string ContentRootPath { get; set; } = "";

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
