using ConnecXPortal.Web.Features.Notifications.Announcements;

namespace ConnecXPortal.Web.Features.Help;

/// <summary>
/// The help articles. Dates come from the cutover configuration (<see cref="RolloutDates"/>); the words on buttons
/// and choices match the portal's own labels, so a resident can follow along on screen.
/// </summary>
public sealed class HelpCatalogue
{
    public HelpCatalogue(RolloutDates dates)
    {
        Articles =
        [
            PortalFirstTimeUser(),
            PortalExistingUser(dates),
            AppFirstTimeUser(),
            AppExistingUser(dates),
            ForgottenPassword(),
            LostFactor(),
        ];
    }

    public IReadOnlyList<HelpArticle> Articles { get; }

    public HelpArticle? Find(string slug) => Articles.FirstOrDefault(a => string.Equals(a.Slug, slug, StringComparison.OrdinalIgnoreCase));

    private static string Title(string path) => HelpRoutes.TitleOf(path);

    private static HelpLink LinkTo(string path) => new(Title(path), path);

    private static HelpArticle PortalFirstTimeUser() => new(
        HelpSlugs.PortalFirstTimeUser,
        Title(HelpRoutes.PortalFirstTimeUser),
        "Activate your account, choose a password and set up how you will verify your identity each time you sign in.",
        HelpTopic.Portal,
        [
            new("Before you start",
            [
                new("Find the invitation email connecX sent you. Its activation link works once, for 7 days."),
                new("If you want to use an authenticator app or a passkey on your phone, have your phone with you."),
                new("Allow about five minutes. Once you start, finish within 15 minutes, or you will need to start again."),
            ], Ordered: false),
            new("Activate your account",
            [
                new("Open the invitation email and select the activation link."),
                new("Choose a password of at least 12 characters. A few unrelated words make a strong password that is easy to " +
                    "remember. Very common passwords are not accepted."),
                new("If the link has expired or was already used, the page that opens lets you ask for a new one."),
            ]),
            new("Choose how you will verify your identity",
            [
                new("The portal now takes you through five short steps: Choose a method, Set it up, Verify, Save recovery codes " +
                    "and Done. A progress indicator shows where you are. You cannot skip these steps."),
                new("Choose one of **Authenticator app**, **Passkey** or **Email code**, then follow the part below that " +
                    "matches your choice."),
            ]),
            new("If you chose Authenticator app",
            [
                new("Install an authenticator app on your phone if you do not have one (for example Microsoft Authenticator or " +
                    "Google Authenticator)."),
                new("In the authenticator app, add an account and scan the QR code the portal shows. If you cannot scan it, " +
                    "type in the key shown beside it instead."),
                new("Type the six-digit code the app shows into the **Code** box and select **Verify**. The code changes every " +
                    "30 seconds; if it changes while you type, use the new one."),
            ]),
            new("If you chose Passkey",
            [
                new("Follow your device's prompt: confirm with your fingerprint, face, screen lock PIN or a security key."),
                new("Give the passkey a name you will recognise, such as \"My phone\" or \"Work laptop\"."),
            ]),
            new("If you chose Email code",
            [
                new("We send a six-digit code to your email address."),
                new("Type it into the **Code** box and select **Verify**. The code works once, for 10 minutes. If it does not " +
                    "arrive, check your junk folder, then ask for a new code."),
            ]),
            new("Save your recovery codes",
            [
                new("The portal shows 10 recovery codes, once only. Download or print them and keep them somewhere safe, away " +
                    "from your phone."),
                new("Each code works once. You use one if you lose your phone or security key."),
                new("Tick **I have saved my recovery codes** and select **Continue**."),
                new("You are signed in and see your home page.",
                    new HelpScreenshot(HelpScreenshots.Home, "A resident's home page in the connecX portal, showing their unit, building and building notices.")),
            ]),
        ]);

    private static HelpArticle PortalExistingUser(RolloutDates dates) => new(
        HelpSlugs.PortalExistingUser,
        Title(HelpRoutes.PortalExistingUser),
        $"What changes from {dates.PortalCutoverDay}, and how to sign in with your password and a second step.",
        HelpTopic.Portal,
        [
            new("What changes",
            [
                new($"On the evening of {dates.PortalCutoverDay} (from {dates.PortalCutoverTime}) everyone is signed out of " +
                    "the connecX portal."),
                new("From then on, each time you sign in you enter your password and then verify your identity with a second " +
                    "step. This protects your account even if someone learns your password."),
            ], Ordered: false),
            new("The first time you sign in after the change",
            [
                new("Go to the connecX portal, type your email address and password, and select **Sign in**.",
                    new HelpScreenshot(HelpScreenshots.SignIn, "The connecX sign-in page with boxes for Email and Password, and the Sign in button.")),
                new("The portal asks you to choose how you will verify your identity: **Authenticator app**, **Passkey** or " +
                    "**Email code**. Follow the steps on screen.", Link: LinkTo(HelpRoutes.PortalFirstTimeUser)),
                new("Save your 10 recovery codes somewhere safe, tick **I have saved my recovery codes** and select **Continue**."),
            ]),
            new("Every time after that",
            [
                new("Type your email address and password, and select **Sign in**."),
                new("Verify with your usual method: type the code from your authenticator app or your email into the **Code** " +
                    "box and select **Verify**, or confirm with your passkey."),
                new("If you cannot use your usual method, select **Use another method** to choose one of your other methods or " +
                    "a recovery code."),
                new("You see your home page.",
                    new HelpScreenshot(HelpScreenshots.Home, "A resident's home page in the connecX portal, showing their unit, building and building notices.")),
            ]),
            new("Good to know",
            [
                new("If you have set up a passkey, you can select **Sign in with a passkey** on the sign-in page instead. You " +
                    "do not need your password: the passkey counts as both steps."),
                new("The portal never offers to remember your device: you verify your identity every time you sign in."),
                new("Add a second method on your security page (**Security** in the menu), so that losing your phone does not lock you out."),
            ], Ordered: false),
        ]);

    private static HelpArticle AppFirstTimeUser() => new(
        HelpSlugs.AppFirstTimeUser,
        Title(HelpRoutes.AppFirstTimeUser),
        "Sign in to the connecX app for the first time and set up how you will verify your identity.",
        HelpTopic.App,
        [
            new("Before you start",
            [
                new("Activate your account first with the link in your invitation email.", Link: LinkTo(HelpRoutes.PortalFirstTimeUser)),
                new("Install the connecX app, or your building's own branded app, from the App Store or Google Play."),
                new("If automatic updates are turned off on your device, update the app first. An app that is too old asks " +
                    "you to update it before you can sign in."),
            ], Ordered: false),
            new("Sign in",
            [
                new("Open the app, type your email address and password, and sign in."),
                new("If you have already set up a verification method in the portal, type the code from your authenticator " +
                    "app, or ask for an email code and type that in."),
                new("If you have not set one up yet, the app asks you to: choose an authenticator app (the app shows a key to " +
                    "add to your authenticator app) or an email code, then type in the code to finish."),
                new("Passkeys work in the portal. In the app, use your authenticator app, an email code or a recovery code."),
            ]),
            new("Staying signed in",
            [
                new("The app keeps you signed in when you close and open it again: you do not verify every time you start it."),
                new("When you sign out and sign in again, on the same device, a new device or when switching accounts, you " +
                    "verify your identity again."),
            ], Ordered: false),
        ]);

    private static HelpArticle AppExistingUser(RolloutDates dates) => new(
        HelpSlugs.AppExistingUser,
        Title(HelpRoutes.AppExistingUser),
        $"Between {dates.AndroidAppsFrom} and {dates.AppsFinishedBy} connecX signs everyone out of the app once. Here is how " +
        "to sign back in.",
        HelpTopic.App,
        [
            new("When you will be signed out",
            [
                new($"Android: from {dates.AndroidAppsFrom}."),
                new($"iPhone (iOS): from {dates.IosAppsFrom}."),
                new($"White-label apps (your building's own branded app): from {dates.WhiteLabelAppsFrom}."),
                new($"Everyone has been signed out by {dates.AppsFinishedBy}."),
            ], Ordered: false,
            Intro: "Sign-outs are spread over each period, so yours may happen on any day of it. We do this because some " +
                   "people never sign out of the app, and would otherwise never set up verification."),
            new("Signing back in",
            [
                new("If automatic updates are turned off on your device, update the app first. An out-of-date app asks you to " +
                    "update it."),
                new("Open the app, type your email address and password, and sign in."),
                new("Verify your identity: type the code from your authenticator app, ask for an email code, or use one of " +
                    "your recovery codes."),
                new("If you have no verification method yet, the app helps you set one up: an authenticator app or an email " +
                    "code."),
            ]),
            new("After that",
            [
                new("You stay signed in each time you start the app."),
                new("When you sign out and sign back in, on the same device, a new device or when switching accounts, you " +
                    "verify your identity again."),
            ], Ordered: false),
        ]);

    private static HelpArticle ForgottenPassword() => new(
        HelpSlugs.ForgottenPassword,
        Title(HelpRoutes.ForgottenPassword),
        "Choose a new password with a link we email you. You still verify your identity when you sign in.",
        HelpTopic.Account,
        [
            new("Ask for a link",
            [
                new("On the sign-in page, select **Forgot your password?**",
                    new HelpScreenshot(HelpScreenshots.ForgotPassword, "The connecX page to ask for a password reset link, with a box for your email address.")),
                new("Type the email address you use for connecX and send the request. For your privacy, the page says the " +
                    "same thing whether or not the address has an account."),
            ]),
            new("Choose a new password",
            [
                new("Open the email we send you and select the link. It works once, for 1 hour."),
                new("Choose a new password of at least 12 characters. Very common passwords are not accepted."),
                new("Sign in with your new password, then verify your identity with your usual method. Changing your password " +
                    "never skips this step.", Link: LinkTo(HelpRoutes.PortalExistingUser)),
            ]),
            new("Good to know",
            [
                new("For your security, changing your password signs you out everywhere else: other browsers and the app."),
                new("No email? Check your junk folder and wait a few minutes. Make sure you typed the address you use for " +
                    "connecX. If it still does not arrive, contact your building manager."),
            ], Ordered: false),
        ]);

    private static HelpArticle LostFactor() => new(
        HelpSlugs.LostFactor,
        Title(HelpRoutes.LostFactor),
        "Sign in another way, then remove the lost phone or security key and set up a new one.",
        HelpTopic.Account,
        [
            new("Sign in another way",
            [
                new("Type your email address and password, and select **Sign in**.",
                    new HelpScreenshot(HelpScreenshots.SignIn, "The connecX sign-in page with boxes for Email and Password, and the Sign in button.")),
                new("When the portal asks you to verify, select **Use another method**."),
                new("Choose another of your methods, such as an email code, or one of your recovery codes. Each recovery code " +
                    "works once, and we email you when one is used."),
            ]),
            new("Then secure your account",
            [
                new("Select **Security** in the menu to open your security page."),
                new("Remove the authenticator app or passkey that was on the lost phone or security key."),
                new("Add a new method, so that you always have one you can use."),
                new("If you have used several recovery codes, make new ones and keep them safe."),
            ]),
            new("If you cannot sign in at all",
            [
                new("Contact your building manager or connecX support. After checking who you are, support can reset your " +
                    "verification methods."),
                new("The next time you sign in, you set up a new method, as on your first sign-in.", Link: LinkTo(HelpRoutes.PortalFirstTimeUser)),
                new("connecX never asks for your password or a sign-in code, by email or by phone."),
            ]),
        ]);
}
