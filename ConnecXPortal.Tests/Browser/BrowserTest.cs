using ConnecXPortal.Tests.Infrastructure;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace ConnecXPortal.Tests.Browser;

/// <summary>
/// Base for browser tests: a fresh browser context per test against the test class's own portal, and an
/// accessibility check (axe-core) that fails on serious or critical violations.
/// </summary>
[Collection(BrowserCollection.Name)]
public abstract class BrowserTest(BrowserFixture browser, PortalAppFactory app) : IAsyncLifetime
{
    private readonly List<IBrowserContext> contexts = [];

    protected PortalAppFactory App { get; } = app;

    protected IPage Page { get; private set; } = null!;

    public virtual async Task InitializeAsync() => Page = await NewPageAsync();

    public async Task DisposeAsync()
    {
        foreach (var context in contexts)
        {
            await context.DisposeAsync();
        }
    }

    /// <summary>A page in a new, isolated browser context (its own cookies): a second person or device.</summary>
    protected async Task<IPage> NewPageAsync()
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.ServerAddress.ToString(),
            Locale = "en-AU",
            TimezoneId = "Australia/Sydney",
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(15_000);
        contexts.Add(context);
        return await context.NewPageAsync();
    }

    /// <summary>Runs axe-core on the page as it is now and fails on serious or critical violations.</summary>
    protected static async Task AssertAccessibleAsync(IPage page)
    {
        var result = await page.RunAxe();
        var problems = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        problems.Should().BeEmpty(
            "axe-core found serious or critical accessibility violations on {0}:\n{1}", page.Url, Describe(problems));
    }

    private static string Describe(IEnumerable<AxeResultItem> violations) =>
        string.Join("\n", violations.Select(v =>
            $"- {v.Id} ({v.Impact}): {v.Help}\n    " + string.Join("\n    ", v.Nodes.Take(5).Select(n => n.Html))));
}
