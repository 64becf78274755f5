using System.Net;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Tests.Integration.Announcements;
using ConnecXPortal.Web.Features.Help;
using Microsoft.Extensions.DependencyInjection;

namespace ConnecXPortal.Tests.Integration.Communication;

public sealed class HelpPagesTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    public static TheoryData<string, string> Pages()
    {
        var pages = new TheoryData<string, string> { { HelpRoutes.Index, "Help with signing in" } };
        foreach (var article in HelpRoutes.Articles)
        {
            pages.Add(article.Path, article.Title);
        }

        return pages;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task HelpPage_IsReachableWithoutSigningIn(string path, string heading)
    {
        using var client = app.CreatePortalClient();

        var page = await client.GetAsync(path);

        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Heading.Should().Be(heading);
        page.Document.QuerySelector("main ol, main ul").Should().NotBeNull();
    }

    [Fact]
    public async Task HelpIndex_LinksToEveryArticle()
    {
        using var client = app.CreatePortalClient();

        var page = await client.GetAsync(HelpRoutes.Index);

        var links = page.Document.QuerySelectorAll("main a").Select(a => (a.GetAttribute("href"), a.TextContent.Trim())).ToList();
        links.Should().Contain(HelpRoutes.Articles.Select(a => ((string?)a.Path, a.Title)));
    }

    [Fact]
    public async Task UnknownArticle_IsNotFound()
    {
        using var client = app.CreatePortalClient();

        var page = await client.GetAsync("/help/no-such-article");

        page.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task SignInPage_LinksToTheHelp()
    {
        using var client = app.CreatePortalClient();

        var page = await client.GetAsync("/account/sign-in");

        page.Document.QuerySelectorAll("main a").Select(a => a.GetAttribute("href")).Should().Contain(HelpRoutes.Index);
        page.Document.QuerySelectorAll("footer a").Select(a => a.GetAttribute("href")).Should().Contain(HelpRoutes.Index);
    }

    [Fact]
    public void FirstTimeUserArticle_HasTheRouteTheWizardLinksTo()
    {
        HelpRoutes.PortalFirstTimeUser.Should().Be("/help/portal-first-time-user");
        HelpRoutes.TitleOf(HelpRoutes.PortalFirstTimeUser).Should().Be("Portal: log in as a first-time user");
    }

    [Fact]
    public async Task Articles_ShowTheCommittedScreenshots_WithTextAlternatives()
    {
        using var client = app.CreatePortalClient();

        var page = await client.GetAsync(HelpRoutes.PortalExistingUser);

        var images = page.Document.QuerySelectorAll("figure img").ToList();
        images.Select(i => i.GetAttribute("src")).Should().Contain(["brand/help/portal-sign-in.png", "brand/help/portal-home.png"]);
        images.Should().OnlyContain(i => !string.IsNullOrWhiteSpace(i.GetAttribute("alt")));
        var image = await client.Http.GetAsync("/brand/help/portal-sign-in.png");
        image.StatusCode.Should().Be(HttpStatusCode.OK);
        image.Content.Headers.ContentType!.MediaType.Should().Be("image/png");
    }

    [Fact]
    public void EveryScreenshotTheArticlesUse_IsOneTheGeneratorMakes()
    {
        var catalogue = app.Services.GetRequiredService<HelpCatalogue>();

        var used = catalogue.Articles.SelectMany(a => a.Sections).SelectMany(s => s.Steps)
            .Select(s => s.Screenshot?.File).OfType<string>().Distinct();

        used.Should().BeSubsetOf(HelpScreenshots.All);
    }

    [Fact]
    public async Task AppArticles_DescribeTheAppBehaviourFromTheBrief()
    {
        using var client = app.CreatePortalClient();

        var text = (await client.GetAsync(HelpRoutes.AppExistingUser)).Document.QuerySelector("main")!.TextContent;

        text.Should().Contain("You stay signed in each time you start the app.")
            .And.Contain("on the same device, a new device or when switching accounts")
            .And.Contain("If automatic updates are turned off on your device, update the app first.")
            .And.Contain("Android: from Thursday 22 August 2024.")
            .And.Contain("iPhone (iOS): from Thursday 29 August 2024.")
            .And.Contain("White-label apps (your building's own branded app): from Thursday 5 September 2024.")
            .And.Contain("Everyone has been signed out by Wednesday 11 September 2024.");
    }
}

public sealed class HelpDatesTests(ConfiguredPortalFactory app) : IClassFixture<ConfiguredPortalFactory>
{
    [Fact]
    public async Task Articles_TakeTheirDatesFromTheCutoverConfiguration()
    {
        using var client = app.CreatePortalClient();

        var existing = (await client.GetAsync(HelpRoutes.PortalExistingUser)).Document.QuerySelector("main")!.TextContent;
        var app2 = (await client.GetAsync(HelpRoutes.AppExistingUser)).Document.QuerySelector("main")!.TextContent;

        existing.Should().Contain("On the evening of Wednesday 5 March 2025 (from 7:30 pm)").And.NotContain("August");
        app2.Should().Contain("Android: from Thursday 6 March 2025.").And.Contain("Everyone has been signed out by Wednesday 26 March 2025.");
    }
}
