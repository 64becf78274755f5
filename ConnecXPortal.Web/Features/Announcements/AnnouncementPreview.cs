using ConnecXPortal.Web.Features.Cutover;
using ConnecXPortal.Web.Features.Notifications;
using ConnecXPortal.Web.Hosting;

namespace ConnecXPortal.Web.Features.Announcements;

/// <summary>The announcement as a resident receives it, for the preview in the support page and the managers' kit.</summary>
public sealed class AnnouncementPreview(EmailRenderer renderer, RolloutDates dates, PortalUrls urls)
{
    /// <summary>Shown where each resident sees their own first name.</summary>
    public const string FirstNamePlaceholder = "[first name]";

    public EmailMessage Render()
    {
        var message = renderer.Render(AnnouncementEmail.Create(dates, urls), to: "", toName: null);
        var fields = new Dictionary<string, string> { [EmailFields.FirstName] = FirstNamePlaceholder };
        return message with
        {
            HtmlBody = EmailFields.Apply(message.HtmlBody, fields, html: true),
            TextBody = EmailFields.Apply(message.TextBody, fields, html: false),
        };
    }
}
