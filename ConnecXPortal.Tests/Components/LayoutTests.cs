using Bunit;
using ConnecXPortal.Web.Components.Layout;
using ConnecXPortal.Web.Features.SignIn;
using Microsoft.Extensions.DependencyInjection;

namespace ConnecXPortal.Tests.Components;

public sealed class LayoutTests : PortalComponentTest
{
    [Theory]
    [InlineData("Development", true)]
    [InlineData("Production", false)]
    public void NavMenu_ShowsTheOutbox_OnlyInDevelopment(string environment, bool shown)
    {
        UseEnvironment(environment);
        AddAuthorization().SetAuthorized("olivia@example.com");

        var nav = Render<NavMenu>();

        nav.FindAll("a[href='/dev/outbox']").Should().HaveCount(shown ? 1 : 0);
        nav.Find("nav").GetAttribute("aria-label").Should().Be("Portal");
    }

    [Fact]
    public void UserMenu_ShowsTheDisplayName_AndASignOutForm()
    {
        AddAuthorization().SetAuthorized("olivia@example.com")
            .SetClaims(new System.Security.Claims.Claim(PortalClaimTypes.DisplayName, "Olivia Nguyen"));

        var menu = Render<UserMenu>();

        menu.Find("form#cx-sign-out").GetAttribute("action").Should().Be(SignInPaths.SignOut);
        menu.Find("form#cx-sign-out").GetAttribute("method").Should().Be("post");
        menu.Find("button[aria-label]").GetAttribute("aria-label").Should().Be("Account menu for Olivia Nguyen");
    }

    [Fact]
    public void UserMenu_ForAnonymousVisitors_RendersNothing()
    {
        AddAuthorization();

        var menu = Render<UserMenu>();

        menu.Markup.Trim().Should().BeEmpty();
    }
}
