using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using ConnecXPortal.Web.Features.Notifications;
using Microsoft.Extensions.DependencyInjection;

namespace ConnecXPortal.Tests.Infrastructure;

/// <summary>Every email the portal under test sends, in order.</summary>
public sealed partial class CapturedEmails
{
    private readonly ConcurrentQueue<EmailMessage> messages = new();

    public IReadOnlyList<EmailMessage> All => [.. messages];

    public IEnumerable<EmailMessage> To(string address) =>
        messages.Where(m => string.Equals(m.To, address, StringComparison.OrdinalIgnoreCase));

    public void Add(EmailMessage message) => messages.Enqueue(message);

    /// <summary>The newest message to <paramref name="address"/> from <paramref name="template"/>, waiting briefly for background senders.</summary>
    public async Task<EmailMessage> WaitForAsync(string address, string template, int afterCount = 0, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var matching = To(address).Where(m => m.Template == template).ToList();
            if (matching.Count > afterCount)
            {
                return matching[^1];
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(
                    $"No '{template}' email to {address} arrived. Sent so far: {string.Join(", ", All.Select(m => $"{m.Template}→{m.To}"))}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>The first absolute link in the plain-text body whose path starts with <paramref name="pathPrefix"/>.</summary>
    public static Uri LinkIn(EmailMessage message, string pathPrefix) =>
        UrlPattern().Matches(message.TextBody).Select(m => new Uri(m.Value))
            .FirstOrDefault(u => u.AbsolutePath.StartsWith(pathPrefix, StringComparison.OrdinalIgnoreCase))
        ?? throw new InvalidOperationException($"No link to {pathPrefix} in:\n{message.TextBody}");

    [GeneratedRegex(@"https?://[^\s""<>]+")]
    private static partial Regex UrlPattern();
}

/// <summary>Records each message, then hands it to the real sender (the outbox in tests).</summary>
internal sealed class CapturingEmailSender(IPortalEmailSender inner, CapturedEmails captured) : IPortalEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        await inner.SendAsync(message, cancellationToken);
        captured.Add(message);
    }
}

public static class BackgroundEmailWaits
{
    /// <summary>Waits until the portal's queued emails (forgotten passwords, new activation links) are all handled.</summary>
    public static Task WaitForBackgroundEmailsAsync(this PortalAppFactory app) =>
        Eventually.TrueAsync(
            () => Task.FromResult(app.Services.GetRequiredService<BackgroundEmails>().Pending == 0),
            "the queued emails are handled");
}
