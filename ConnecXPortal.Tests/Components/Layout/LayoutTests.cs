using Bunit;
using ConnecXPortal.Web.Components.Layout;
using ConnecXPortal.Web.Features.Sessions;
using ConnecXPortal.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ConnecXPortal.Tests.Components.Layout;

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

    [Fact]
    public void UserMenu_OpensAMenuWithSignOut_AndEscapeClosesIt()
    {
        AddAuthorization().SetAuthorized("olivia@example.com")
            .SetClaims(new System.Security.Claims.Claim(PortalClaimTypes.DisplayName, "Olivia Nguyen"));
        var menu = Render<UserMenu>();
        var button = menu.Find("button[aria-haspopup='menu']");
        button.GetAttribute("aria-expanded").Should().Be("false");
        menu.FindAll("[role='menu']").Should().BeEmpty();

        button.Click();

        menu.Find("button[aria-haspopup='menu']").GetAttribute("aria-expanded").Should().Be("true");
        var item = menu.Find("[role='menu'] [role='menuitem']");
        item.TextContent.Trim().Should().Be("Sign out");
        item.GetAttribute("form").Should().Be("cx-sign-out");
        item.GetAttribute("type").Should().Be("submit");

        menu.Find(".cx-user-menu").KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "Escape" });

        menu.FindAll("[role='menu']").Should().BeEmpty();
        menu.Find("button[aria-haspopup='menu']").GetAttribute("aria-expanded").Should().Be("false");
    }

    [Theory]
    [InlineData("/", "/")]
    [InlineData("/account/sessions", "/account/sessions")]
    [InlineData("/account/security/authenticator", "/account/security")]
    public void NavMenu_MarksTheCurrentPage(string location, string current)
    {
        UseEnvironment("Production");
        AddAuthorization().SetAuthorized("olivia@example.com");
        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo(location);

        var nav = Render<NavMenu>();

        nav.FindAll("a[aria-current='page']").Select(a => a.GetAttribute("href")).Should().Equal(current);
        nav.Find($"a[href='{current}']").ClassList.Should().Contain("active");
    }

    [Fact]
    public void NavMenu_FollowsNavigation()
    {
        UseEnvironment("Production");
        AddAuthorization().SetAuthorized("olivia@example.com");
        var navigation = Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        var nav = Render<NavMenu>();

        navigation.NavigateTo("/help");

        nav.WaitForAssertion(() => nav.FindAll("a[aria-current='page']").Select(a => a.GetAttribute("href")).Should().Equal("/help"));
    }

    [Fact]
    public void NavMenu_FollowingALink_TellsTheLayout_SoANarrowScreensDrawerCanClose()
    {
        UseEnvironment("Production");
        AddAuthorization().SetAuthorized("olivia@example.com");
        var followed = 0;
        var nav = Render<NavMenu>(p => p.Add(m => m.OnNavigation, () =>
        {
            followed++;
            return Task.CompletedTask;
        }));

        nav.Find("a[href='/account/sessions']").Click();

        followed.Should().Be(1);
    }
}
