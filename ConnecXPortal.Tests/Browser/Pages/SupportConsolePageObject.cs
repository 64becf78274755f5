using Microsoft.Playwright;

namespace ConnecXPortal.Tests.Browser.Pages;

/// <summary>Support's console: find a user, and a user's page with the actions.</summary>
public sealed class SupportConsolePageObject(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    public ILocator Search => page.GetByLabel("Email, name or building");

    public ILocator Result(string name) => page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true });

    public ILocator SearchCount => page.GetByTestId("search-count");

    public ILocator ResetReason => page.GetByLabel("Reason for the reset");

    public ILocator ResetConfirmation(string email) => page.GetByLabel($"Type {email} to confirm");

    public ILocator Reset => page.GetByRole(AriaRole.Button, new() { Name = "Reset all sign-in methods", Exact = true });

    public ILocator ActionStatus => page.GetByTestId("action-status");

    public ILocator Problem => page.GetByRole(AriaRole.Alert);

    public ILocator AccountStatus => page.GetByTestId("account-status");

    public ILocator Methods => page.GetByRole(AriaRole.Region, new() { Name = "Sign-in methods" });

    public async Task GotoAsync()
    {
        await page.GotoAsync(Web.Features.Support.SupportRoutes.Users);
        await new PortalShell(page).WaitForInteractiveAsync();
    }

    /// <summary>Searches for <paramref name="email"/> on the find-a-user page and opens the one user found.</summary>
    public async Task OpenAsync(string email, string name)
    {
        await Search.FillAsync(email);
        await Search.PressAsync("Enter");
        await Microsoft.Playwright.Assertions.Expect(SearchCount).ToHaveTextAsync("1 user found.");
        await Result(name).ClickAsync();
        await Microsoft.Playwright.Assertions.Expect(Heading).ToHaveTextAsync(name);
    }

    public async Task ResetAsync(string email, string reason, string confirmation)
    {
        await ResetReason.FillAsync(reason);
        await ResetConfirmation(email).FillAsync(confirmation);
        await Reset.ClickAsync();
    }
}
