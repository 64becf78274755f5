using ConnecXPortal.Web.Features.Cutover;
using ConnecXPortal.Web.Features.Help;
using ConnecXPortal.Web.Features.Notifications;
using ConnecXPortal.Web.Hosting;

namespace ConnecXPortal.Web.Features.Announcements;

/// <summary>
/// The MFA announcement (the brief's message, written for residents). One rendering serves a whole campaign:
/// <see cref="EmailFields.FirstName"/> is filled in per recipient.
/// </summary>
public static class AnnouncementEmail
{
    public const string Template = "mfa-announcement";

    public static EmailContent Create(RolloutDates dates, PortalUrls urls)
    {
        var content = new EmailContent(Template, $"Multi-factor authentication is coming to connecX on {dates.PortalCutoverShort}")
        {
            Preheader = $"From {dates.PortalCutoverShort} you will verify your identity each time you sign in to the connecX portal or app.",
        };

        content
            .Heading("Multi-factor authentication is coming to connecX")
            .Paragraph($"Hello {EmailFields.FirstName},")
            .Paragraph("We are introducing multi-factor authentication (MFA) to the connecX portal and app. As well as your " +
                       "password, you will use a second way to prove it is you, such as a code from an authenticator app, a " +
                       "passkey or a code sent to your email. This extra step protects your account from unauthorised access.")
            .Subheading("Why we are introducing MFA")
            .Bullets(
                "Better security: passwords can be stolen by phishing or guessed. A second step makes it much harder for " +
                "anyone else to get into your account.",
                "Protection against account takeover: even if someone learns your password, they cannot sign in without " +
                "your second factor.",
                "Meeting our obligations: many regulations require strong sign-in protection for personal information, and " +
                "MFA helps connecX meet them.")
            .Subheading("What to expect")
            .Bullets(
                $"From {dates.PortalCutoverDay}, everyone, new and existing, will verify their identity each time they sign " +
                "in to the connecX portal or app.",
                $"On the evening of {dates.PortalCutoverDay} (from {dates.PortalCutoverTime}) everyone will be signed out " +
                "of the portal. The next time you sign in, you will choose a verification method and set it up: an " +
                "authenticator app, a passkey or an email code.",
                $"Between {dates.AndroidAppsFrom} and {dates.AppsFinishedBy} we will sign everyone out of the app: Android " +
                $"users from {dates.AndroidAppsFrom}, iPhone users from {dates.IosAppsFrom} and users of white-label " +
                $"apps from {dates.WhiteLabelAppsFrom}. We are doing this because some people never sign out of the app, " +
                "and would otherwise never set up verification.")
            .Subheading("Good to know about the app")
            .Bullets(
                "You stay signed in when you start the app; you do not need to verify every time you open it.",
                "When you sign out and sign back in, on the same device, a new device or when switching accounts, you " +
                "will verify your identity again.",
                "If automatic updates are turned off on your device, update the connecX app first.")
            .Subheading("Step-by-step help")
            .Paragraph("This change alters how you sign in, or activate your account for the first time. Our help " +
                       "articles walk you through each step:");

        foreach (var article in HelpRoutes.Articles)
        {
            content.Link(article.Title, urls.Absolute(article.Path));
        }

        return content
            .Button("Read the help articles", urls.Absolute(HelpRoutes.Index))
            .Note("connecX will never ask for your password or a sign-in code by email or phone. If you have a question " +
                  "about this change, contact your building manager.");
    }
}
