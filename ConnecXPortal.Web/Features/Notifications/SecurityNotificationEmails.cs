using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Help;
using ConnecXPortal.Web.Hosting;

namespace ConnecXPortal.Web.Features.Notifications;

/// <summary>
/// A change to an account's security that its owner is told about by email (OWASP ASVS 5.0 V6.3: notify users of
/// changes to their authentication factors). <see cref="Template"/> names the email in the outbox and in tests.
/// </summary>
public sealed record SecurityNotification(string Template, string Subject, string Heading, string What)
{
    public const string DefaultIfNotYou = "If this wasn't you, reset your password straight away with \"Forgot your password?\" on the sign-in page " +
        "and contact connecX support. We will never ask you for a code or a password.";

    /// <summary>The button's words and the page it opens; by default the security page.</summary>
    public (string Label, string Path) Action { get; init; } = ("Review your account security", SecurityNotificationEmails.SecurityPagePath);

    /// <summary>More lines after the time, such as where the change was made from.</summary>
    public IReadOnlyList<string> Details { get; init; } = [];

    /// <summary>What to do if the owner did not make the change.</summary>
    public string IfNotYou { get; init; } = DefaultIfNotYou;

    /// <summary>A help article to link to, for the "if this wasn't you" steps.</summary>
    public HelpLink? Help { get; init; }

    public const string FactorAddedTemplate = "security-factor-added";
    public const string FactorRemovedTemplate = "security-factor-removed";
    public const string FactorsResetTemplate = "security-factors-reset";
    public const string DefaultChangedTemplate = "security-default-changed";
    public const string PasskeyRenamedTemplate = "security-passkey-renamed";
    public const string RecoveryCodesIssuedTemplate = "security-recovery-codes-issued";
    public const string RecoveryCodeUsedTemplate = "security-recovery-code-used";
    public const string PasswordChangedTemplate = "security-password-changed";
    public const string PasswordResetTemplate = "security-password-reset";
    public const string AccountLockedTemplate = "security-account-locked";
    public const string PasswordKnownTemplate = "security-password-known";
    public const string FirstEnrolmentTemplate = "security-first-enrolment";

    public static SecurityNotification FactorAdded(FactorKind kind, string name) => new(FactorAddedTemplate,
        "A sign-in method was added to your connecX account", "A sign-in method was added",
        $"{Label(kind, name)} was added to your account as a way to verify it's you when you sign in.");

    /// <summary>
    /// The account's first factor: from now on it protects every sign-in. Whoever set it up knew the password, so the
    /// email says from where, and what to do if it was not the owner.
    /// </summary>
    /// <param name="kind">The method set up.</param>
    /// <param name="name">Its name (for a passkey).</param>
    /// <param name="device">The browser or app it was set up from ("Chrome on Windows", "Pixel 8, Android app").</param>
    /// <param name="ipAddress">The address it came from, if known.</param>
    public static SecurityNotification FirstEnrolment(FactorKind kind, string name, string device, string? ipAddress) => new(FirstEnrolmentTemplate,
        "Your connecX account now asks for a second step at sign-in", "Your sign-in now has a second step",
        $"{Label(kind, name)} was set up on your account, and 10 recovery codes were created. From now on, after your password " +
        "connecX asks you to verify it's you this way.")
    {
        Details = [ipAddress is null ? $"Where: {device}." : $"Where: {device}, from the IP address {ipAddress}."],
        IfNotYou = "If this wasn't you, someone else knows your password and has set up a way to sign in as you. Reset your " +
            "password straight away with \"Forgot your password?\" on the sign-in page, then contact connecX support (your " +
            "building manager can put you in touch): once support has checked who you are, they remove the method that was " +
            "set up, and you set up your own. We will never ask you for a code or a password.",
        Help = new HelpLink(HelpRoutes.TitleOf(HelpRoutes.ForgottenPassword), HelpRoutes.ForgottenPassword),
    };

    public static SecurityNotification FactorRemoved(FactorKind kind, string name) => new(FactorRemovedTemplate,
        "A sign-in method was removed from your connecX account", "A sign-in method was removed",
        $"{Label(kind, name)} was removed from your account and can no longer be used to sign in.");

    public static SecurityNotification FactorsReset() => new(FactorsResetTemplate,
        "Your connecX sign-in methods were reset", "Your sign-in methods were reset",
        "connecX support removed the sign-in methods from your account at your request, and signed you out everywhere. " +
        "The next time you sign in you will choose a method and set it up again.");

    public static SecurityNotification DefaultChanged(FactorKind kind, string name) => new(DefaultChangedTemplate,
        "Your default sign-in method changed", "Your default sign-in method changed",
        $"{Label(kind, name)} is now the method we ask for first when you sign in.");

    public static SecurityNotification PasskeyRenamed(string oldName, string newName) => new(PasskeyRenamedTemplate,
        "A passkey on your connecX account was renamed", "A passkey was renamed",
        $"Your passkey \"{oldName}\" is now called \"{newName}\".");

    public static SecurityNotification RecoveryCodesIssued() => new(RecoveryCodesIssuedTemplate,
        "New recovery codes for your connecX account", "You have new recovery codes",
        "A new set of 10 recovery codes was created for your account. Any codes you had before no longer work.");

    public static SecurityNotification RecoveryCodeUsed(int remaining) => new(RecoveryCodeUsedTemplate,
        "A recovery code was used on your connecX account", "A recovery code was used",
        $"One of your recovery codes was just used to verify it's you. Each code works once; you have {remaining} left.");

    public static SecurityNotification PasswordChanged() => new(PasswordChangedTemplate,
        "Your connecX password was changed", "Your password was changed",
        "The password of your account was changed, and every other device signed in to it was signed out.");

    public static SecurityNotification PasswordReset() => new(PasswordResetTemplate,
        "Your connecX password was reset", "Your password was reset",
        "A new password was set for your account with a forgotten-password link, and every device signed in to it was signed out.");

    /// <summary>
    /// The account was locked after too many failed attempts. Sent once per lockout; the owner may not be able to sign
    /// in, so the button opens the forgotten-password page rather than the security page.
    /// </summary>
    public static SecurityNotification AccountLocked(TimeSpan duration, string unlocksAt) => new(AccountLockedTemplate,
        "Someone tried to sign in to your connecX account", "Someone tried to sign in to your account",
        $"There were too many unsuccessful attempts to sign in to your account, so we have locked it for {(int)duration.TotalMinutes} minutes to protect it. " +
        $"You can sign in again from {unlocksAt} (Sydney time). Until then every sign-in is refused, even with the right password. " +
        "If it was not you, reset your password: someone may be trying to guess it. Resetting it also unlocks your account.")
    {
        Action = ("Reset your password", ForgotPasswordPath),
        Help = new HelpLink(HelpRoutes.TitleOf(HelpRoutes.ForgottenPassword), HelpRoutes.ForgottenPassword),
    };

    /// <summary>The right password was followed by several failed second factors: whoever it was knows the password.</summary>
    public static SecurityNotification PasswordKnown(int failures) => new(PasswordKnownTemplate,
        "Someone knows your connecX password", "Someone knows your password",
        $"Someone signed in to your account with the right password, then failed to verify it's you {failures} times. " +
        "Your sign-in method stopped them. If it was not you, change your password now so that they can no longer use it.")
    {
        Action = ("Change your password", ForgotPasswordPath),
        Help = new HelpLink(HelpRoutes.TitleOf(HelpRoutes.ForgottenPassword), HelpRoutes.ForgottenPassword),
    };

    private const string ForgotPasswordPath = "/account/forgot-password";

    private static string Label(FactorKind kind, string name) =>
        kind == FactorKind.Passkey ? $"The passkey \"{name}\"" : $"The {kind.DisplayName().ToLowerInvariant()} method";
}

/// <summary>
/// The security notification emails, one shared set of templates for the resident's own changes, support's actions
/// and announcements: each says what changed and when, and what to do if it wasn't them.
/// </summary>
public sealed class SecurityNotificationEmails(PortalMailer mailer, PortalUrls urls, PortalTime time, TimeProvider clock)
{
    public const string SecurityPagePath = "/account/security";

    public EmailContent Build(SecurityNotification notification, PortalUser user)
    {
        var content = new EmailContent(notification.Template, notification.Subject) { Preheader = notification.What }
            .Heading(notification.Heading)
            .Paragraph($"Hello {user.GivenName},".Replace("Hello ,", "Hello,", StringComparison.Ordinal))
            .Paragraph(notification.What)
            .Paragraph($"When: {time.DateTime(clock.GetUtcNow())} (Sydney time).");
        foreach (var line in notification.Details)
        {
            content.Paragraph(line);
        }

        content.Button(notification.Action.Label, urls.Absolute(notification.Action.Path));
        if (notification.Help is { } help)
        {
            content.Link(help.Title, urls.Absolute(help.Path));
        }

        return content.Note(notification.IfNotYou);
    }

    public Task SendAsync(PortalUser user, SecurityNotification notification, CancellationToken cancellationToken = default) =>
        mailer.SendAsync(Build(notification, user), user.Email!, user.DisplayName, cancellationToken);
}
