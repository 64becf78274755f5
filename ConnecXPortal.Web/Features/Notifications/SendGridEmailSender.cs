using Microsoft.Extensions.Options;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace ConnecXPortal.Web.Features.Notifications;

/// <summary>Delivers through SendGrid's v3 mail/send API with both the HTML and the plain-text body.</summary>
internal sealed class SendGridEmailSender(ISendGridClient client, IOptions<EmailOptions> options, ILogger<SendGridEmailSender> logger)
    : IPortalEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        var from = new EmailAddress(options.Value.FromAddress, options.Value.FromName);
        var mail = MailHelper.CreateSingleEmail(from, new EmailAddress(message.To, message.ToName), message.Subject,
            message.TextBody, message.HtmlBody);
        mail.AddCategory(message.Template);

        Response response;
        try
        {
            response = await client.SendEmailAsync(mail, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new EmailDeliveryException($"SendGrid could not be reached: {ex.Message}");
        }

        if (!response.IsSuccessStatusCode)
        {
            var status = (int)response.StatusCode;
            logger.LogWarning("SendGrid refused the {Template} email with status {Status}.", message.Template, status);
            throw new EmailDeliveryException($"SendGrid answered {status}.", status, response.Headers?.RetryAfter?.Delta);
        }
    }
}
