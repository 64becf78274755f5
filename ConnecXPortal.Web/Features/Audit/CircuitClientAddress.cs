using Microsoft.AspNetCore.Components.Server.Circuits;

namespace ConnecXPortal.Web.Features.Audit;

/// <summary>
/// The client's IP address while the portal handles something a live Blazor circuit asked for (a click, a form
/// submit, a navigation). A circuit sends no HTTP requests, so there is no request to read the address from; the
/// address of the connection that opened the circuit is captured when it opens and is current for everything that
/// runs for one of the circuit's inbound events, in whatever DI scope (pages often open their own).
/// </summary>
public static class CircuitClientAddress
{
    private static readonly AsyncLocal<string?> CurrentAddress = new();

    /// <summary>The address of the circuit whose event is being handled; null outside a circuit.</summary>
    public static string? Current => CurrentAddress.Value;

    /// <summary>Runs <paramref name="work"/> with <paramref name="address"/> as the current circuit's address.</summary>
    public static async Task RunAsync(string? address, Func<Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);

        // Set inside an async method: the value flows into the work and everything it awaits, and is gone for the caller.
        CurrentAddress.Value = address;
        await work();
    }
}

/// <summary>
/// Captures the client address when a circuit opens (its services are created inside the hub call that starts it,
/// while the connection's request is still the current HTTP context), and makes it current for every inbound event.
/// </summary>
internal sealed class ClientAddressCircuitHandler(IHttpContextAccessor httpContextAccessor) : CircuitHandler
{
    private string? address = AddressOf(httpContextAccessor);

    /// <summary>The address captured for this circuit; null when it could not be read.</summary>
    public string? Address => address;

    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        address ??= AddressOf(httpContextAccessor);
        return Task.CompletedTask;
    }

    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        context => CircuitClientAddress.RunAsync(address, () => next(context));

    private static string? AddressOf(IHttpContextAccessor accessor) => accessor.HttpContext?.Connection.RemoteIpAddress?.ToString();
}
