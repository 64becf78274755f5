using Microsoft.AspNetCore.Components.Server.Circuits;

namespace ConnecXPortal.Web.Features.Sessions;

/// <summary>
/// What one Blazor circuit knows about its session: when the user last did something in it (a circuit sends no HTTP
/// requests, so this is what keeps an active user's session from going idle), and, once the session has ended, the
/// sign-in message code to show.
/// </summary>
public sealed class CircuitSession(TimeProvider clock)
{
    private long lastActivityTicks;
    private volatile string? endReason;

    public DateTimeOffset? LastActivityAt =>
        Interlocked.Read(ref lastActivityTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <summary>The sign-in message code once revalidation found the session ended; null while it is live.</summary>
    public string? EndReason => endReason;

    public void RecordActivity() => Interlocked.Exchange(ref lastActivityTicks, clock.GetUtcNow().UtcTicks);

    public void Ended(string reason) => endReason = reason;
}

/// <summary>Records every inbound circuit event (click, input, navigation) as activity on the circuit's session.</summary>
internal sealed class SessionActivityCircuitHandler(CircuitSession session) : CircuitHandler
{
    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        context =>
        {
            session.RecordActivity();
            return next(context);
        };
}
