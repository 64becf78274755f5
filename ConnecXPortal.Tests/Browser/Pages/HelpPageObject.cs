using Microsoft.Playwright;

namespace ConnecXPortal.Tests.Browser.Pages;

/// <summary>The help index and articles.</summary>
public sealed class HelpPageObject(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    public ILocator Main => page.GetByRole(AriaRole.Main);

    public ILocator Article(string title) => Main.GetByRole(AriaRole.Link, new() { Name = title, Exact = true });

    public ILocator Screenshots => Main.Locator("figure img");

    public ILocator BackToIndex => page.GetByRole(AriaRole.Navigation, new() { Name = "Help" }).GetByRole(AriaRole.Link, new() { Name = "All help articles" });
}
