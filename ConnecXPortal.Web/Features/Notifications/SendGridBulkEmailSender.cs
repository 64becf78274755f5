using System.Net;
using Microsoft.Extensions.Options;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace ConnecXPortal.Web.Features.Notifications;

/// <summary>
/// One SendGrid v3 mail/send request per batch: the bodies once, a personalization per recipient with their
/// substitutions. SendGrid replaces substitutions literally, so the HTML body gets its own keys whose values are
/// HTML-encoded.
/// </summary>
internal sealed class SendGridBulkEmailSender(
    ISendGridClient client,
    IOptions<EmailOptions> options,
    TimeProvider clock,
    ILogger<SendGridBulkEmailSender> logger) : IBulkEmailSender
{
    /// <summary>SendGrid's limit of personalizations in one request.</summary>
    public int MaxRecipientsPerRequest => 1000;

    public async Task<BulkSendResult> SendAsync(BulkEmail email, IReadOnlyList<BulkRecipient> recipients, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(recipients.Count, MaxRecipientsPerRequest);
        var message = Build(email, recipients);

        Response response;
        try
        {
            response = await client.SendEmailAsync(message, cancellationToken);
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError is HttpRequestError.ConnectionError
            or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError)
        {
            // The request never reached SendGrid: sending it again cannot make a second copy.
            return new BulkSendResult(BulkSendOutcome.Transient, $"SendGrid could not be reached: {ex.Message}");
        }
        catch (HttpRequestException ex)
        {
            return new BulkSendResult(BulkSendOutcome.Unknown, $"The connection to SendGrid broke before it answered: {ex.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new BulkSendResult(BulkSendOutcome.Unknown, "SendGrid did not answer in time.");
        }

        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            return BulkSendResult.Accepted;
        }

        var body = await ReadBodyAsync(response, cancellationToken);
        logger.LogWarning("SendGrid answered {Status} to a batch of {Count} {Template} emails: {Body}", status, recipients.Count, email.Template, body);
        if (response.StatusCode == HttpStatusCode.TooManyRequests || status >= 500)
        {
            return new BulkSendResult(BulkSendOutcome.Transient, $"SendGrid answered {status}.", status, RetryAfter(response));
        }

        return new BulkSendResult(BulkSendOutcome.Rejected, $"SendGrid refused the request ({status}): {body}", status);
    }

    private SendGridMessage Build(BulkEmail email, IReadOnlyList<BulkRecipient> recipients)
    {
        var tokens = recipients.SelectMany(r => r.Fields.Keys).Distinct(StringComparer.Ordinal).ToList();
        var html = email.HtmlBody;
        var text = email.TextBody;
        foreach (var token in tokens)
        {
            html = html.Replace(token, HtmlKey(token), StringComparison.Ordinal);
            text = text.Replace(token, TextKey(token), StringComparison.Ordinal);
        }

        var message = new SendGridMessage
        {
            From = new EmailAddress(options.Value.FromAddress, options.Value.FromName),
            Subject = email.Subject,
            PlainTextContent = text,
            HtmlContent = html,
            Personalizations = new List<Personalization>(recipients.Count),
            CustomArgs = new Dictionary<string, string> { ["campaign"] = email.CampaignId.ToString() },
        };
        message.AddCategory(email.Template);

        foreach (var recipient in recipients)
        {
            var substitutions = new Dictionary<string, string>(recipient.Fields.Count * 2, StringComparer.Ordinal);
            foreach (var (token, value) in recipient.Fields)
            {
                substitutions[TextKey(token)] = value;
                substitutions[HtmlKey(token)] = WebUtility.HtmlEncode(value);
            }

            message.Personalizations.Add(new Personalization
            {
                Tos = [new EmailAddress(recipient.Email, recipient.Name)],
                Substitutions = substitutions,
                CustomArgs = new Dictionary<string, string> { ["recipient"] = recipient.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            });
        }

        return message;
    }

    private TimeSpan? RetryAfter(Response response)
    {
        var retryAfter = response.Headers?.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta;
        }

        return retryAfter?.Date is { } date ? TimeSpan.FromTicks(Math.Max(0, (date - clock.GetUtcNow()).Ticks)) : null;
    }

    private static async Task<string> ReadBodyAsync(Response response, CancellationToken cancellationToken)
    {
        var body = response.Body is null ? "" : await response.Body.ReadAsStringAsync(cancellationToken);
        return body.Length > 500 ? body[..500] : body;
    }

    private static string TextKey(string token) => "[%" + token.Trim('{', '}') + "%]";

    private static string HtmlKey(string token) => "[%" + token.Trim('{', '}') + ":html%]";
}
