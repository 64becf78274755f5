using Bunit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
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

    /// <summary>Renders as if the portal ran in <paramref name="environmentName"/> (the navigation depends on it).</summary>
    protected void UseEnvironment(string environmentName) =>
        Services.AddSingleton<IWebHostEnvironment>(new HostEnvironment { EnvironmentName = environmentName });

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    private sealed class HostEnvironment : IWebHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Production";

        public string ApplicationName { get; set; } = "ConnecXPortal.Web";

        public string WebRootPath { get; set; } = "";

        public IFileProvider WebRootFileProvider { get; set; } = new NullFileProvider();

        public string ContentRootPath { get; set; } = "";

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
