using System.Net;
using System.Text;
using ConnecXPortal.Web.Features.Help;
using ConnecXPortal.Web.Hosting;

namespace ConnecXPortal.Web.Features.Notifications;

/// <summary>
/// Renders <see cref="EmailContent"/> into the connecX brand layout (wwwroot-assets/email/layout.html) and into
/// plain text. Every piece of text is HTML-encoded; the layout is the only markup that is not.
/// </summary>
public sealed class EmailRenderer(BrandAssets brand, PortalUrls urls)
{
    private const string Primary = "#0A4D68";

    public EmailMessage Render(EmailContent content, string to, string? toName)
    {
        var html = new StringBuilder();
        var text = new StringBuilder();
        foreach (var block in content.Blocks)
        {
            AppendHtml(html, block);
            AppendText(text, block);
        }

        var helpUrl = urls.Absolute(HelpRoutes.Index).ToString();
        text.Append("Need help signing in? Step-by-step articles: ").AppendLine(helpUrl).AppendLine();
        text.AppendLine("--").AppendLine("connecX — the resident portal").Append(urls.Absolute("/")).AppendLine();

        var body = brand.EmailLayout
            .Replace("{{subject}}", Encode(content.Subject), StringComparison.Ordinal)
            .Replace("{{preheader}}", Encode(content.Preheader ?? ""), StringComparison.Ordinal)
            .Replace("{{logoUrl}}", Encode(urls.Absolute("/brand/logo.png").ToString()), StringComparison.Ordinal)
            .Replace("{{portalUrl}}", Encode(urls.Absolute("/").ToString()), StringComparison.Ordinal)
            .Replace("{{helpUrl}}", Encode(helpUrl), StringComparison.Ordinal)
            .Replace("{{content}}", html.ToString(), StringComparison.Ordinal);

        return new EmailMessage(to, toName, content.Subject, body, text.ToString(), content.Template);
    }

    private static void AppendHtml(StringBuilder html, EmailBlock block)
    {
        switch (block)
        {
            case EmailBlock.Heading h:
                html.Append("<h1 style=\"margin:0 0 16px;font-size:22px;line-height:28px;color:").Append(Primary).Append(";\">")
                    .Append(Encode(h.Text)).Append("</h1>");
                break;
            case EmailBlock.Subheading h:
                html.Append("<h2 style=\"margin:24px 0 8px;font-size:18px;line-height:24px;color:").Append(Primary).Append(";\">")
                    .Append(Encode(h.Text)).Append("</h2>");
                break;
            case EmailBlock.Paragraph p:
                html.Append("<p style=\"margin:0 0 16px;font-size:16px;line-height:24px;\">").Append(Encode(p.Text)).Append("</p>");
                break;
            case EmailBlock.Button b:
                html.Append("<p style=\"margin:24px 0;\"><a href=\"").Append(Encode(b.Url.ToString()))
                    .Append("\" style=\"display:inline-block;padding:12px 24px;border-radius:6px;background:").Append(Primary)
                    .Append(";color:#ffffff;font-weight:600;text-decoration:none;\">").Append(Encode(b.Label)).Append("</a></p>")
                    .Append("<p style=\"margin:0 0 16px;font-size:13px;line-height:20px;color:#4A5568;\">If the button does not work, copy this address into your browser:<br>")
                    .Append(Encode(b.Url.ToString())).Append("</p>");
                break;
            case EmailBlock.Code c:
                html.Append("<p style=\"margin:16px 0 24px;font-family:Consolas,Menlo,monospace;font-size:30px;letter-spacing:6px;font-weight:700;color:")
                    .Append(Primary).Append(";\">").Append(Encode(c.Value)).Append("</p>");
                break;
            case EmailBlock.Bullets list:
                html.Append("<ul style=\"margin:0 0 16px;padding-left:20px;font-size:16px;line-height:24px;\">");
                foreach (var item in list.Items)
                {
                    html.Append("<li>").Append(Encode(item)).Append("</li>");
                }

                html.Append("</ul>");
                break;
            case EmailBlock.Link l:
                html.Append("<p style=\"margin:0 0 12px;font-size:16px;line-height:24px;\"><a href=\"").Append(Encode(l.Url.ToString()))
                    .Append("\" style=\"color:").Append(Primary).Append(";\">").Append(Encode(l.Label)).Append("</a></p>");
                break;
            case EmailBlock.Note n:
                html.Append("<p style=\"margin:24px 0 0;font-size:13px;line-height:20px;color:#4A5568;\">").Append(Encode(n.Text)).Append("</p>");
                break;
            default:
                throw new InvalidOperationException($"Unknown email block {block.GetType().Name}.");
        }
    }

    private static void AppendText(StringBuilder text, EmailBlock block)
    {
        switch (block)
        {
            case EmailBlock.Heading h:
                text.AppendLine(h.Text).AppendLine(new string('=', h.Text.Length)).AppendLine();
                break;
            case EmailBlock.Subheading h:
                text.AppendLine(h.Text).AppendLine(new string('-', h.Text.Length)).AppendLine();
                break;
            case EmailBlock.Paragraph p:
                text.AppendLine(p.Text).AppendLine();
                break;
            case EmailBlock.Button b:
                text.Append(b.Label).AppendLine(":").AppendLine(b.Url.ToString()).AppendLine();
                break;
            case EmailBlock.Code c:
                text.Append("    ").AppendLine(c.Value).AppendLine();
                break;
            case EmailBlock.Bullets list:
                foreach (var item in list.Items)
                {
                    text.Append("  * ").AppendLine(item);
                }

                text.AppendLine();
                break;
            case EmailBlock.Link l:
                text.Append(l.Label).Append(": ").AppendLine(l.Url.ToString());
                break;
            case EmailBlock.Note n:
                text.AppendLine().AppendLine(n.Text).AppendLine();
                break;
            default:
                throw new InvalidOperationException($"Unknown email block {block.GetType().Name}.");
        }
    }

    private static string Encode(string value) => WebUtility.HtmlEncode(value);
}
