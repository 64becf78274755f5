using ConnecXPortal.Web.Features.Security;
using ConnecXPortal.Web.Features.Support.Users;
using Microsoft.AspNetCore.Components;

namespace ConnecXPortal.Web.Features.Support;

/// <summary>
/// Runs a support action from an interactive page, in a service scope of its own (a circuit lives for hours). When
/// the action needs a recent verification, what was typed is kept in the tab (<see cref="StepUpDrafts"/>) and the
/// browser goes to the step-up page, which comes back to the page.
/// </summary>
public sealed class SteppedUpActions(IServiceScopeFactory scopeFactory, StepUpDrafts drafts, NavigationManager navigation)
{
    /// <summary>The action's answer, or null when it is waiting for the step-up.</summary>
    public async Task<SupportActionResult?> RunAsync<TService, TDraft>(
        Func<TService, Task<SupportActionResult>> action, string draftKey, TDraft draft, string returnUrl)
        where TService : notnull
        where TDraft : class
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var outcome = await action(scope.ServiceProvider.GetRequiredService<TService>());
        if (!outcome.NeedsStepUp)
        {
            return outcome;
        }

        await drafts.SaveAsync(draftKey, draft);
        navigation.NavigateTo(StepUp.VerifyUrl(returnUrl), forceLoad: true);
        return null;
    }

    /// <summary>
    /// Back from the step-up: what was typed before it (handed back once), and what the page says about it; null when
    /// there is none.
    /// </summary>
    public async Task<(TDraft Draft, string Message)?> TakeDraftAsync<TDraft>(string draftKey)
        where TDraft : class, IDraft =>
        await drafts.TakeAsync<TDraft>(draftKey) is { } draft
            ? (draft, $"You have verified it's you, and what you typed is still here. Select {draft.Action} again to finish.")
            : null;

    /// <summary>What a page keeps across the step-up; <see cref="Action"/> names the button to select again.</summary>
    public interface IDraft
    {
        string Action { get; }
    }
}
