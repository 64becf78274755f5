using ConnecXPortal.Tests.Infrastructure;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace ConnecXPortal.Tests.Browser;

/// <summary>
/// Base for browser tests: a fresh browser context per test against the test class's own portal, an accessibility
/// check (axe-core) that fails on serious or critical violations, and a Content Security Policy watch: any CSP
/// violation on any page the test visits fails the test.
/// </summary>
[Collection(BrowserCollection.Name)]
public abstract class BrowserTest(BrowserFixture browser, PortalAppFactory app) : IAsyncLifetime
{
    /// <summary>Forwards every CSP violation to the console; Playwright's init scripts are not subject to the CSP.</summary>
    private const string CspViolationReporter = """
        document.addEventListener('securitypolicyviolation', e =>
            console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} on ${document.location.pathname}`));
        """;

    private readonly List<IBrowserContext> contexts = [];
    private readonly List<string> cspViolations = [];

    protected PortalAppFactory App { get; } = app;

    protected IPage Page { get; private set; } = null!;

    public virtual async Task InitializeAsync() => Page = await NewPageAsync();

    public async Task DisposeAsync()
    {
        foreach (var context in contexts)
        {
            await context.DisposeAsync();
        }

        AssertNoCspViolations();
    }

    /// <summary>The CSP violations logged so far by any page of this test, and forgets them.</summary>
    protected IReadOnlyList<string> TakeCspViolations()
    {
        lock (cspViolations)
        {
            var taken = cspViolations.ToList();
            cspViolations.Clear();
            return taken;
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
        await context.AddInitScriptAsync(CspViolationReporter);
        context.Console += (_, message) =>
        {
            // The reporter's lines, and Chromium's own "Refused to … Content Security Policy" errors.
            if (message.Text.StartsWith("CSP violation:", StringComparison.Ordinal)
                || message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                lock (cspViolations)
                {
                    cspViolations.Add($"{message.Text} ({message.Location})");
                }
            }
        };
        contexts.Add(context);
        return await context.NewPageAsync();
    }

    /// <summary>
    /// Runs axe-core on the page as it is now and fails on serious or critical violations, or on any CSP violation
    /// logged so far.
    /// </summary>
    protected async Task AssertAccessibleAsync(IPage page)
    {
        AssertNoCspViolations();
        var result = await page.RunAxe();
        var problems = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        problems.Should().BeEmpty(
            "axe-core found serious or critical accessibility violations on {0}:\n{1}", page.Url, Describe(problems));
    }

    private void AssertNoCspViolations() =>
        TakeCspViolations().Should().BeEmpty("no page may break the Content Security Policy (Hosting/SecurityHeaders.cs)");

    private static string Describe(IEnumerable<AxeResultItem> violations) =>
        string.Join("\n", violations.Select(v =>
            $"- {v.Id} ({v.Impact}): {v.Help}\n    " + string.Join("\n    ", v.Nodes.Take(5).Select(n => n.Html))));
}
