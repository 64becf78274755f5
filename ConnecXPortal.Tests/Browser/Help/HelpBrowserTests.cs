using ConnecXPortal.Tests.Browser.Pages;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Features.Help;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConnecXPortal.Tests.Browser.Help;

public sealed class HelpBrowserTests(BrowserFixture browser, PortalAppFactory app) : BrowserTest(browser, app), IClassFixture<PortalAppFactory>
{
    [BrowserFact]
    public async Task FromTheSignInPage_EveryHelpArticle_IsReachable_AndAccessible_WithoutSigningIn()
    {
        await new SignInPageObject(Page).GotoAsync();
        await AssertAccessibleAsync(Page);
        await Page.GetByRole(AriaRole.Link, new() { Name = "Read the step-by-step help" }).ClickAsync();

        var help = new HelpPageObject(Page);
        await Expect(help.Heading).ToHaveTextAsync("Help with signing in");
        await AssertAccessibleAsync(Page);

        foreach (var article in HelpRoutes.Articles)
        {
            await help.Article(article.Title).ClickAsync();
            await Expect(help.Heading).ToHaveTextAsync(article.Title);
            await Expect(Page).ToHaveURLAsync(new Uri(App.ServerAddress, article.Path).ToString());
            await AssertAccessibleAsync(Page);
            foreach (var image in await help.Screenshots.AllAsync())
            {
                // Screenshots load lazily: bring each into view, then wait for it to decode (a broken image rejects).
                await image.ScrollIntoViewIfNeededAsync();
                await image.EvaluateAsync("img => img.decode()");
                (await image.EvaluateAsync<int>("img => img.naturalWidth")).ToString(System.Globalization.CultureInfo.InvariantCulture)
                    .Should().Be(await image.GetAttributeAsync("width"), "the screenshot {0} loads at its declared size", await image.GetAttributeAsync("src"));
            }

            await help.BackToIndex.ClickAsync();
            await Expect(help.Heading).ToHaveTextAsync("Help with signing in");
        }
    }
}
