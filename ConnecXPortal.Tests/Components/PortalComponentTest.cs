using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace ConnecXPortal.Tests.Components;

/// <summary>
/// bUnit with MudBlazor set up once: loose JS interop (MudBlazor calls into JS we do not run) and asynchronous
/// disposal (MudBlazor's popover service is only IAsyncDisposable).
/// </summary>
public abstract class PortalComponentTest : BunitContext, IAsyncLifetime
{
    protected PortalComponentTest()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    public virtual Task InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}
