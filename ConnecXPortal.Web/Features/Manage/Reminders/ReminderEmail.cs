using ConnecXPortal.Domain.People;
using ConnecXPortal.Web.Features.Cutover;
using ConnecXPortal.Web.Features.Help;
using ConnecXPortal.Web.Features.Notifications;
using ConnecXPortal.Web.Hosting;

namespace ConnecXPortal.Web.Features.Manage.Reminders;

/// <summary>Who a reminder goes to and where they stand.</summary>
/// <param name="GivenName">The resident's first name, or <see cref="EmailFields.FirstName"/> when the email is sent in bulk.</param>
/// <param name="ActivationUrl">A fresh activation link; required for residents who are only invited.</param>
public sealed record EnrolmentReminder(string GivenName, string BuildingName, AccountStatus Status, Uri? ActivationUrl = null);

/// <summary>
/// The "Send reminder" email from the building managers' dashboard, for residents who have not finished setting up
/// MFA: invited residents are asked to activate, activated ones to set up a verification method.
/// </summary>
public static class ReminderEmail
{
    public const string Template = "enrolment-reminder";

    public static EmailContent Create(EnrolmentReminder reminder, RolloutDates dates, PortalUrls urls, DateTimeOffset now) =>
        reminder.Status switch
        {
            AccountStatus.Invited => Activate(reminder, urls),
            AccountStatus.ActivatedWithoutFactor => SetUpVerification(reminder, dates, urls, now),
            _ => throw new ArgumentException("Enrolled residents do not need a reminder.", nameof(reminder)),
        };

    private static EmailContent Activate(EnrolmentReminder reminder, PortalUrls urls)
    {
        var link = reminder.ActivationUrl
            ?? throw new ArgumentException("An invited resident's reminder needs their activation link.", nameof(reminder));
        var content = new EmailContent(Template, "Reminder: activate your connecX account")
        {
            Preheader = $"Your building manager at {reminder.BuildingName} asked us to remind you to activate your account.",
        };
        return content
            .Heading("Activate your connecX account")
            .Paragraph($"Hello {Greeting(reminder)},")
            .Paragraph($"Your building manager at {reminder.BuildingName} asked us to remind you to activate your connecX " +
                       "account. When you activate it, you choose a password and set up a way to verify your identity " +
                       "each time you sign in.")
            .Button("Activate your account", link)
            .Paragraph("The link works once. If it has expired, the page it opens lets you ask for a new one.")
            .Link(HelpRoutes.TitleOf(HelpRoutes.PortalFirstTimeUser), urls.Absolute(HelpRoutes.PortalFirstTimeUser))
            .Note(Footer(reminder));
    }

    private static EmailContent SetUpVerification(EnrolmentReminder reminder, RolloutDates dates, PortalUrls urls, DateTimeOffset now)
    {
        var why = dates.MfaMandatoryAt(now)
            ? "connecX now asks everyone to verify their identity each time they sign in. Your account does not have a " +
              "verification method yet, so you will set one up the next time you sign in."
            : $"From {dates.PortalCutoverDay}, connecX will ask everyone to verify their identity each time they sign in. " +
              $"Set up your verification method now and signing in after {dates.PortalCutoverShort} will be quick.";
        var content = new EmailContent(Template, "Reminder: set up your connecX sign-in verification")
        {
            Preheader = "It takes a few minutes: an authenticator app, a passkey or an email code.",
        };
        return content
            .Heading("Set up your sign-in verification")
            .Paragraph($"Hello {Greeting(reminder)},")
            .Paragraph(why)
            .Paragraph("It takes a few minutes. Choose the method that suits you:")
            .Bullets(
                "Authenticator app: a six-digit code from an app on your phone.",
                "Passkey: your fingerprint, face or screen lock, or a security key.",
                "Email code: a six-digit code sent to this email address.")
            .Button("Sign in and set up verification", urls.Absolute(SignInPaths.SignIn))
            .Link(HelpRoutes.TitleOf(HelpRoutes.PortalExistingUser), urls.Absolute(HelpRoutes.PortalExistingUser))
            .Link(HelpRoutes.TitleOf(HelpRoutes.ForgottenPassword), urls.Absolute(HelpRoutes.ForgottenPassword))
            .Note(Footer(reminder));
    }

    private static string Greeting(EnrolmentReminder reminder) =>
        string.IsNullOrWhiteSpace(reminder.GivenName) ? "there" : reminder.GivenName.Trim();

    private static string Footer(EnrolmentReminder reminder) =>
        $"Your building manager at {reminder.BuildingName} asked us to send you this reminder. connecX will never ask " +
        "for your password or a sign-in code by email or phone.";
}
