using System.Security.Claims;
using ConnecXPortal.Web.Data;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace ConnecXPortal.Web.Features.Manage;

/// <summary>
/// An interactive page about one building (<c>{BuildingId}</c> in its route) that only its managers may open. It runs
/// once to prerender and again on the circuit; a refusal is audited once per visit, by the flag the prerender persists.
/// </summary>
public abstract class ManagedBuildingPage : ComponentBase
{
    [Parameter]
    public Guid BuildingId { get; set; }

    /// <summary>Set when the prerender audited a refusal, so the interactive render of the same visit does not audit it again.</summary>
    [PersistentState]
    public bool? RefusalRecorded { get; set; }

    /// <summary>The building, once the signed-in user is found to manage it.</summary>
    protected Building? Building { get; private set; }

    /// <summary>The signed-in user does not manage the building (or it does not exist).</summary>
    protected bool Refused { get; private set; }

    /// <summary>What the audit log says was attempted when the page is refused, such as "enrolment dashboard".</summary>
    protected abstract string Attempted { get; }

    [Inject]
    private ManagedBuildings ManagedBuildings { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected async Task<ClaimsPrincipal> UserAsync() => (await AuthenticationState).User;

    protected sealed override async Task OnInitializedAsync()
    {
        (Building, RefusalRecorded) = await ManagedBuildings.FindForPageAsync(await UserAsync(), BuildingId, Attempted, RefusalRecorded);
        Refused = Building is null;
        if (!Refused)
        {
            await OnBuildingFoundAsync();
        }
    }

    /// <summary>Loads what the page shows of <see cref="Building"/>; not called when the page is refused.</summary>
    protected abstract Task OnBuildingFoundAsync();
}
