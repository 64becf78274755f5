using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Tests.Integration.Announcements;
using ConnecXPortal.Web.Features.Help;
using Microsoft.Extensions.DependencyInjection;

namespace ConnecXPortal.Tests.Integration.Help;

public sealed class HelpPagesTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    public static TheoryData<string> Articles() => [.. HelpRoutes.Articles.Select(a => a.Path)];

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

    [Theory]
    [MemberData(nameof(Articles))]
    public async Task ArticleScreenshots_AreServed_WithTheirSize_AndSayWhatTheyShow(string path)
    {
        using var client = app.CreatePortalClient();

        var page = await client.GetAsync(path);

        foreach (var image in page.Document.QuerySelectorAll("main figure img"))
        {
            var src = image.GetAttribute("src")!;
            var alt = image.GetAttribute("alt");
            alt.Should().NotBeNullOrWhiteSpace(src).And.NotContainEquivalentOf("screenshot", "alt text says what the picture shows");
            alt!.Length.Should().BeGreaterThan(40, "{0} needs a description of what it shows", src);
            var response = await client.Http.GetAsync(src);
            response.StatusCode.Should().Be(HttpStatusCode.OK, src);
            response.Content.Headers.ContentType!.MediaType.Should().Be("image/png");
            var png = await response.Content.ReadAsByteArrayAsync();
            image.GetAttribute("width").Should().Be(BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)).ToString(CultureInfo.InvariantCulture), src);
            image.GetAttribute("height").Should().Be(BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)).ToString(CultureInfo.InvariantCulture), src);
        }
    }

    [Fact]
    public void PortalArticles_ShowTheScreensTheyWalkThrough_AndEveryScreenshotIsUsed()
    {
        var catalogue = app.Services.GetRequiredService<HelpCatalogue>();

        var counts = catalogue.Articles.ToDictionary(a => a.Path, a => a.Sections.SelectMany(s => s.Steps).Count(s => s.Screenshot is not null));

        counts[HelpRoutes.PortalFirstTimeUser].Should().BeGreaterThanOrEqualTo(8, "activation, each wizard step and the home page");
        counts[HelpRoutes.PortalExistingUser].Should().BeGreaterThanOrEqualTo(6, "sign-in, the wizard, each challenge and devices");
        counts[HelpRoutes.ForgottenPassword].Should().BeGreaterThanOrEqualTo(3, "the request, its confirmation and the new password");
        counts[HelpRoutes.LostFactor].Should().BeGreaterThanOrEqualTo(5, "another method, a recovery code and the security page");
        catalogue.Articles.SelectMany(a => a.Sections).SelectMany(s => s.Steps).Select(s => s.Screenshot?.File).OfType<string>().Distinct()
            .Should().BeEquivalentTo(HelpScreenshots.All, o => o.WithoutStrictOrdering(), "every screenshot made is shown somewhere")
            .And.NotBeEmpty();
    }

    [Fact]
    public void ScreenshotFolder_HoldsExactlyTheScreenshotsTheArticlesName_AsSmallPngs()
    {
        var folder = Path.Combine(RepositoryFiles.Root, "wwwroot-assets", HelpScreenshotFiles.Folder);

        var files = Directory.GetFiles(folder).Select(Path.GetFileName).ToList();

        files.Should().BeEquivalentTo(HelpScreenshots.All, "scripts/help-screenshots.sh makes exactly these");
        foreach (var file in HelpScreenshots.All)
        {
            var path = Path.Combine(folder, file);
            var size = HelpScreenshotFiles.ReadPngSize(path);
            size.Should().NotBeNull("{0} is a PNG", file);
            size!.Value.Width.Should().BeInRange(300, 1000, "{0} is readable in the article's column without being huge", file);
            size.Value.Height.Should().BeInRange(200, 1000, file);
            new FileInfo(path).Length.Should().BeLessThan(100 * 1024, "{0} stays small", file);
        }
    }

    [Fact]
    public void ArticlesNameOnlyLabelsThePortalShows()
    {
        var catalogue = app.Services.GetRequiredService<HelpCatalogue>();
        var root = RepositoryFiles.Root;
        var source = string.Join("\n", new[] { "ConnecXPortal.Web", "ConnecXPortal.Domain" }
            .SelectMany(project => Directory.EnumerateFiles(Path.Combine(root, project), "*.*", SearchOption.AllDirectories))
            .Where(f => (f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
                        && !f.Contains($"{Path.DirectorySeparatorChar}Help{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText));

        var labels = catalogue.Articles.SelectMany(a => a.Sections).SelectMany(s => s.Steps)
            .SelectMany(s => HelpText.Runs(s.Text)).Where(r => r.Strong).Select(r => r.Text).Distinct().ToList();

        labels.Should().Contain(["Sign in", "Continue", "Verify", "Use another method", "Sign in with a passkey",
            "I have saved my recovery codes", "Forgot your password?"]);
        labels.Where(label => !Regex.IsMatch(source, $@"(?<![\p{{L}}\-]){Regex.Escape(label)}(?![\p{{L}}\-])")).Should()
            .BeEmpty("every word in bold is a button, link, heading or choice the portal shows, spelt as it shows it");
    }

    [Fact]
    public async Task WizardAndActivation_LinkToTheFirstTimeUserArticle()
    {
        var email = (await app.CreateResidentAsync()).Email!;
        using var client = app.CreatePortalClient();
        (await client.SubmitPasswordAsync(email, DemoAccounts.Password)).Location!.AbsolutePath.Should().Be("/account/setup");

        var wizard = await client.GetAsync("/account/setup");
        // Without a factor, both first ask for the emailed code (the mailbox step), which links the same article.
        var authenticator = await client.GetFollowingRedirectsAsync("/account/setup/authenticator");
        var passkey = await client.GetFollowingRedirectsAsync("/account/setup/passkey");
        authenticator.Heading.Should().Be("First, confirm it's your email");
        var activation = await client.GetAsync("/account/activate?token=not-a-token");

        foreach (var page in new[] { wizard, authenticator, passkey, activation })
        {
            HelpLinksOn(page).Should().Equal("Need help? Read Portal: log in as a first-time user.");
            page.Document.QuerySelector($".cx-help-links a[href='{HelpRoutes.PortalFirstTimeUser}']").Should().NotBeNull();
        }
    }

    [Fact]
    public async Task Challenge_LinksToTheExistingUserAndLostFactorArticles()
    {
        var (email, _) = await app.CreateEnrolledResidentAsync();
        using var client = app.CreatePortalClient();
        (await client.SubmitPasswordAsync(email, DemoAccounts.Password)).Location!.AbsolutePath.Should().Be("/account/verify");

        var challenge = await client.GetAsync("/account/verify");
        var otherMethods = await client.GetAsync("/account/verify?method=choose");

        foreach (var page in new[] { challenge, otherMethods })
        {
            HelpLinksOn(page).Should().Equal("Need help? Read Portal: log in as an existing user or Lost your phone or security key.");
            page.Document.QuerySelectorAll(".cx-help-links a").Select(a => a.GetAttribute("href"))
                .Should().Equal(HelpRoutes.PortalExistingUser, HelpRoutes.LostFactor);
        }
    }

    [Fact]
    public async Task PasswordPages_LinkToTheForgottenPasswordArticle()
    {
        using var client = app.CreatePortalClient();

        foreach (var path in new[] { "/account/forgot-password", "/account/reset-password?token=not-a-token" })
        {
            var page = await client.GetAsync(path);
            HelpLinksOn(page).Should().Equal("Need help? Read Forgotten password.");
            page.Document.QuerySelector($".cx-help-links a[href='{HelpRoutes.ForgottenPassword}']").Should().NotBeNull(path);
        }
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

    private static List<string> HelpLinksOn(PortalResponse page) =>
        [.. page.Document.QuerySelectorAll(".cx-help-links").Select(p => Regex.Replace(p.TextContent, @"\s+", " ").Trim())];

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
