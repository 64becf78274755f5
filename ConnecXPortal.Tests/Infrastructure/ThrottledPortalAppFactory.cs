using System.Collections.Concurrent;
using ConnecXPortal.Web.Features.EmailLinks;
using ConnecXPortal.Web.Features.Notifications;

namespace ConnecXPortal.Tests.Infrastructure;

/// <summary>
/// The portal with small limits (a window of an hour, so nothing refills during a test) behind a known proxy at
/// 127.0.0.1: each test chooses its client addresses with X-Forwarded-For (<see cref="NextAddress"/>), so tests sharing
/// the instance never share a per-address bucket. Emails to chosen addresses can be held back or made to fail.
/// </summary>
public class ThrottledPortalAppFactory : PortalAppFactory
{
    private static int lastAddress;

    public ThrottledPortalAppFactory()
    {
        WithSetting("ForwardedHeaders:KnownProxies:0", "127.0.0.1");
        foreach (var (key, value) in Limits)
        {
            WithSetting($"RateLimits:{key}", value);
        }

        WithServices(services => services.Decorate<IPortalEmailSender>((inner, _) => new FaultyEmailSender(inner, Faults)));
    }

    /// <summary>The limits the throttle tests count against.</summary>
    public static IReadOnlyDictionary<string, string> Limits { get; } = new Dictionary<string, string>
    {
        ["SignIn:PerAccount"] = "3",
        ["SignIn:PerAddress"] = "5",
        ["SignIn:Window"] = "01:00:00",
        ["SecondFactor:PerAccount"] = "3",
        ["SecondFactor:PerAddress"] = "5",
        ["SecondFactor:Window"] = "01:00:00",
        ["EmailCodes:PerAccount"] = "3",
        ["EmailCodes:PerAddress"] = "100",
        ["EmailCodes:Window"] = "01:00:00",
        ["AccountLinks:PerAccount"] = "2",
        ["AccountLinks:PerAddress"] = "100",
        ["AccountLinks:Window"] = "01:00:00",
        ["PasskeyOptions:PerAccount"] = "100",
        ["PasskeyOptions:PerAddress"] = "3",
        ["PasskeyOptions:Window"] = "01:00:00",
        ["AccountEmails:PerAddress"] = "5",
        ["AccountEmails:Window"] = "01:00:00",
        ["AccountEmails:PerRecipient"] = "3",
        ["AccountEmails:RecipientWindow"] = "01:00:00",
        ["Invitations:PerInviter"] = "4",
        ["Invitations:Window"] = "01:00:00",
        ["AppRefresh:PerAddress"] = "3",
        ["AppRefresh:Window"] = "01:00:00",
    };

    public EmailFaults Faults { get; } = new();

    /// <summary>A client address no other test uses (10.77.0.1, 10.77.0.2, …).</summary>
    public static string NextAddress()
    {
        var n = Interlocked.Increment(ref lastAddress);
        return $"10.77.{n / 250}.{(n % 250) + 1}";
    }

    /// <summary>A portal client whose requests arrive through the proxy from <paramref name="address"/>.</summary>
    public PortalClient CreatePortalClientFrom(string address, System.Net.CookieContainer? cookies = null)
    {
        var client = CreatePortalClient(cookies);
        client.Http.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return client;
    }
}

/// <summary>Emails to chosen addresses held back until released, or failing as SendGrid does when it answers 500.</summary>
public sealed class EmailFaults
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> held = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, bool> failing = new(StringComparer.OrdinalIgnoreCase);

    public void Hold(string address) => held[address] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release(string address)
    {
        if (held.TryRemove(address, out var gate))
        {
            gate.SetResult();
        }
    }

    public void Fail(string address) => failing[address] = true;

    internal Task WaitAsync(string address) => held.TryGetValue(address, out var gate) ? gate.Task : Task.CompletedTask;

    internal bool Fails(string address) => failing.ContainsKey(address);
}

internal sealed class FaultyEmailSender(IPortalEmailSender inner, EmailFaults faults) : IPortalEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        await faults.WaitAsync(message.To);
        if (faults.Fails(message.To))
        {
            throw new EmailDeliveryException("SendGrid answered 500.", 500);
        }

        await inner.SendAsync(message, cancellationToken);
    }
}
