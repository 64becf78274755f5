using ConnecXPortal.Web.Features.Cutover;

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

    private static HelpScreenshot Shot(string file, string alt, string? caption = null) => new(file, alt, caption);

    private static readonly HelpScreenshot SignInPage = Shot(HelpScreenshots.SignIn,
        "The Sign in to connecX page: zara.ahmed@example.com typed in the Email box, an empty Password box, the Sign in " +
        "button, the Forgot your password? link and the Sign in with a passkey button.");

    private static readonly HelpScreenshot ChooseMethodPage = Shot(HelpScreenshots.SetupChoose,
        "The Protect your account page at step 1 of 5, Choose a method. Three choices, each with a short description: " +
        "Authenticator app (selected), Passkey and Email code, then the Continue button and a Cancel and sign out link.");

    private static readonly HelpScreenshot OtherMethodsPage = Shot(HelpScreenshots.VerifyOtherMethods,
        "The Verify it's you page after selecting Use another method: one button for each way to verify, Authenticator " +
        "app, Passkey, Email code and Recovery code.");

    private static readonly HelpScreenshot DevicesPage = Shot(HelpScreenshots.Devices,
        "The Devices and sessions page. Under Signed in now: the connecX app on Android, with an End session button, and " +
        "Chrome on Windows, marked This browser; each says when it signed in, how it was verified and its IP address. " +
        "Then the End all other sessions button, and under Recently ended a Chrome on Windows session that signed out.");

    private static readonly HelpScreenshot HomePage = Shot(HelpScreenshots.Home,
        "Zara's home page in the connecX portal: her unit and building, the building notices, and the menu on the left " +
        "with Home, Security, Devices and sessions, and Help.");

    private static HelpArticle PortalFirstTimeUser() => new(
        HelpSlugs.PortalFirstTimeUser,
        Title(HelpRoutes.PortalFirstTimeUser),
        "Activate your account from your invitation email, choose a password, and set up how you will verify it's you " +
        "each time you sign in.",
        HelpTopic.Portal,
        [
            new("Before you start",
            [
                new("Find the invitation email from connecX. Its activation link works once, for 7 days."),
                new("To use an authenticator app, have your phone with you. To use a passkey, set it up on the phone, tablet " +
                    "or computer you will sign in on."),
                new("Allow about five minutes. Once you have chosen your password, finish within 15 minutes, or you will " +
                    "need to sign in again to carry on."),
            ], Ordered: false),
            new("Activate your account",
            [
                new("Open the invitation email and select the activation link. The **Activate your account** page opens " +
                    "and shows the email address of your account.",
                    Shot(HelpScreenshots.Activate,
                        "The Activate your account page: it welcomes Zara, shows her account zara.ahmed@example.com, and has " +
                        "New password and Confirm new password boxes, both filled in, above the Continue button.")),
                new("Type a password of 12 to 128 characters into **New password**, and the same again into **Confirm new " +
                    "password**. Any characters work, spaces too: a few unrelated words make a strong password that is easy " +
                    "to remember. Very common passwords are not accepted."),
                new("Select **Continue**."),
                new("If the page says **This activation link no longer works**, the link has expired or was already used. " +
                    "Type your email address, select **Send me a new link**, and use the link in the new email."),
            ]),
            new("Choose how you will verify it's you",
            [
                new("The portal now shows **Protect your account**. The steps at the top show where you are: Choose a " +
                    "method, Set it up, Verify, Save recovery codes and Done. You cannot skip them.",
                    ChooseMethodPage),
                new("Choose **Authenticator app**, **Passkey** or **Email code**, and select **Continue**. Then follow the " +
                    "part below for your choice. You can add the other methods later."),
                new("Changed your mind? Select **Choose another method** on the next page to come back to the choice."),
            ]),
            new("If you chose Authenticator app",
            [
                new("If you have no authenticator app yet, install one on your phone from the App Store or Google Play, " +
                    "for example Microsoft Authenticator or Google Authenticator."),
                new("In the authenticator app, add an account and scan the QR code on the screen. If you cannot scan it, " +
                    "type in the key shown under it instead.",
                    Shot(HelpScreenshots.SetupAuthenticator,
                        "The Set up your authenticator app page at step 2 of 5, Set it up: three numbered instructions, a QR " +
                        "code, the key to type in instead in groups of four characters, and a Code box with a 6-digit code " +
                        "typed in above the Verify button and a Choose another method link.",
                        "Your QR code and key are different: scan the ones on your own screen, never this picture.")),
                new("The authenticator app now shows connecX with a 6-digit code. Type it into the **Code** box and select " +
                    "**Verify**. The code changes every 30 seconds; if it changes while you type, use the new one."),
            ]),
            new("If you chose Passkey",
            [
                new("The portal suggests a name for the passkey from your browser, such as \"Chrome on Windows\". Change " +
                    "the **Passkey name** if you like, so that you can tell your passkeys apart later.",
                    Shot(HelpScreenshots.SetupPasskey,
                        "The Set up a passkey page at step 2 of 5: a short explanation, a Passkey name box filled in with " +
                        "Chrome on Windows, the Create a passkey button and a Choose another method link.")),
                new("Select **Create a passkey**, then follow your device's prompt: confirm with your fingerprint, face, " +
                    "screen lock PIN or security key."),
                new("If the prompt does not appear or you cancel it, the page says the passkey was not created. Select " +
                    "**Create a passkey** again, or **Choose another method**."),
            ]),
            new("If you chose Email code",
            [
                new("We email a 6-digit code to your email address, and the portal shows **Check your email**.",
                    Shot(HelpScreenshots.SetupEmail,
                        "The Check your email page at step 3 of 5, Verify: it says a 6-digit code was sent to " +
                        "zara.ahmed@example.com and works for 10 minutes, with a Code box, the Verify button, a Send a new " +
                        "code button and a Choose another method link.")),
                new("Type the code into the **Code** box and select **Verify**. The code works for 10 minutes."),
                new("No email after a few minutes? Check your junk folder, then select **Send a new code**. Only the newest " +
                    "code works."),
            ]),
            new("Save your recovery codes",
            [
                new("The portal shows 10 recovery codes, once only. Each one lets you sign in once if you cannot use your " +
                    "phone or security key.",
                    Shot(HelpScreenshots.SetupRecoveryCodes,
                        "The Save your recovery codes page at step 4 of 5: ten codes, each two groups of five letters and " +
                        "digits, the Download and Print buttons, the ticked box I have saved my recovery codes, and the " +
                        "Continue button.",
                        "Example codes: yours are different.")),
                new("Select **Download** or **Print** and keep the codes somewhere safe, away from your phone: in a password " +
                    "manager, or printed and put away at home."),
                new("Tick **I have saved my recovery codes** and select **Continue**."),
                new("The portal shows **You're all set**. Select **Continue**.",
                    Shot(HelpScreenshots.SetupDone,
                        "The You're all set page at step 5 of 5, Done: from now on connecX asks you to verify it's you after " +
                        "your password; a Continue button.")),
                new("You are signed in and see your home page.", HomePage),
            ]),
            new("Next time you sign in",
            [
                new("Type your email address and password, then verify it's you with the method you chose.",
                    Link: LinkTo(HelpRoutes.PortalExistingUser)),
                new("Add a second method on your security page (**Security** in the menu), so that losing your phone does " +
                    "not lock you out.", Link: LinkTo(HelpRoutes.LostFactor)),
            ], Ordered: false),
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
                new("From then on, each time you sign in you type your password and then verify it's you with a second " +
                    "step: a code from an authenticator app, a passkey, or a code we email you. This protects your account " +
                    "even if someone learns your password."),
            ], Ordered: false),
            new("The first time you sign in after the change",
            [
                new("Go to the connecX portal. Type your email address into **Email** and your password into **Password**, " +
                    "and select **Sign in**.", SignInPage),
                new("The portal shows **Protect your account** and asks how you will verify it's you: **Authenticator app**, " +
                    "**Passkey** or **Email code**. Choose one, select **Continue** and follow the steps on screen.",
                    ChooseMethodPage, LinkTo(HelpRoutes.PortalFirstTimeUser)),
                new("If you chose **Authenticator app** or **Passkey**, the portal first emails a 6-digit code to your address " +
                    "and shows **First, confirm it's your email**. Type the code into **Code** and select **Verify**. This " +
                    "keeps someone who has only your password from setting up their own way to sign in as you."),
                new("Save your 10 recovery codes somewhere safe, tick **I have saved my recovery codes** and select " +
                    "**Continue**. On **You're all set**, select **Continue** to open your home page."),
            ]),
            new("Every time after that",
            [
                new("Type your email address and password, and select **Sign in**."),
                new("The portal shows **Verify it's you** and asks for your default method. With an authenticator app, type " +
                    "the 6-digit code the app shows for connecX into **Code** and select **Verify**.",
                    Shot(HelpScreenshots.Verify,
                        "The Verify it's you page asking for the 6-digit code from the authenticator app: a Code box, the " +
                        "Verify button, the Use another method button and a Cancel and sign out link.")),
                new("With a passkey, select **Verify with your passkey** and confirm with your fingerprint, face or screen " +
                    "lock.",
                    Shot(HelpScreenshots.VerifyPasskey,
                        "The Verify it's you page for a passkey: the Verify with your passkey button and the Use another " +
                        "method button.")),
                new("With email codes, we email you a 6-digit code as soon as you sign in. Type it into **Code** and select " +
                    "**Verify**. It works for 10 minutes; **Send a new code** sends another.",
                    Shot(HelpScreenshots.VerifyEmail,
                        "The Verify it's you page after an email code was sent to z••••••@example.com (the address is " +
                        "partly hidden): a Code box, the Verify button, a Send a new code button and the Use another " +
                        "method button.")),
                new("Cannot use your usual method? Select **Use another method**, then choose another of your methods, or " +
                    "**Recovery code** to type one of the recovery codes you saved.", OtherMethodsPage),
                new("You see your home page."),
            ]),
            new("Good to know",
            [
                new("If you have set up a passkey, you can select **Sign in with a passkey** on the sign-in page instead of " +
                    "typing your email and password: the passkey counts as both steps."),
                new("The portal never offers to remember your device: you verify it's you every time you sign in."),
                new("After too many wrong passwords or codes, the portal locks your account for 15 minutes to protect it."),
                new("Add a second method on your security page (**Security** in the menu), so that losing your phone does " +
                    "not lock you out.", Link: LinkTo(HelpRoutes.LostFactor)),
            ], Ordered: false),
            new("See where you are signed in",
            [
                new("Select **Devices and sessions** in the menu. It lists the browsers and app devices signed in to your " +
                    "account, how each one verified, and the sessions that ended in the last 30 days.", DevicesPage),
                new("If you do not recognise one, select **End session** for it, then change your password on your " +
                    "security page."),
            ]),
        ]);

    private static HelpArticle AppFirstTimeUser() => new(
        HelpSlugs.AppFirstTimeUser,
        Title(HelpRoutes.AppFirstTimeUser),
        "Sign in to the connecX app for the first time and set up how you will verify it's you.",
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
                new("If you have already set up a way to verify in the portal, type the code from your authenticator app, " +
                    "or ask for an email code and type that in."),
                new("If you have not set one up yet, the app asks you to: choose an authenticator app (the app shows a key " +
                    "to add to your authenticator app) or an email code, then type in the code to finish. For an " +
                    "authenticator app, the app first asks for a code we email you, to check that it's you setting it up."),
                new("Passkeys work in the portal. In the app, use your authenticator app, an email code or a recovery code."),
            ]),
            new("Staying signed in",
            [
                new("The app keeps you signed in when you close and open it again: you do not verify every time you start it."),
                new("When you sign out and sign in again, on the same device, a new device or when switching accounts, you " +
                    "verify it's you again."),
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
                new("Verify it's you: type the code from your authenticator app, ask for an email code, or use one of your " +
                    "recovery codes."),
                new("If you have no way to verify yet, the app helps you set one up: an authenticator app or an email code. " +
                    "You can also set one up in the portal first.", Link: LinkTo(HelpRoutes.PortalExistingUser)),
            ]),
            new("After that",
            [
                new("You stay signed in each time you start the app."),
                new("When you sign out and sign back in, on the same device, a new device or when switching accounts, you " +
                    "verify it's you again."),
                new("You can see the devices signed in to your account, and sign one out, under **Devices and sessions** in " +
                    "the portal's menu.", DevicesPage),
            ], Ordered: false),
        ]);

    private static HelpArticle ForgottenPassword() => new(
        HelpSlugs.ForgottenPassword,
        Title(HelpRoutes.ForgottenPassword),
        "Choose a new password with a link we email you. You still verify it's you when you sign in.",
        HelpTopic.Account,
        [
            new("Ask for a link",
            [
                new("On the sign-in page, select **Forgot your password?**"),
                new("Type the email address of your connecX account into **Email** and select **Send me a link**.",
                    Shot(HelpScreenshots.ForgotPassword,
                        "The Forgot your password? page: zara.ahmed@example.com typed in the Email box, the Send me a link " +
                        "button and a Back to sign in link.")),
                new("The page confirms your request. For your privacy, it says the same whether or not the address has an " +
                    "account.",
                    Shot(HelpScreenshots.ForgotPasswordSent,
                        "The Forgot your password? page after sending: if zara.ahmed@example.com belongs to a connecX account, " +
                        "a link to choose a new password has been sent; it works once, for 1 hour.")),
            ]),
            new("Choose a new password",
            [
                new("Open the email from connecX and select the link. It works once, for 1 hour."),
                new("On **Choose a new password**, type a password of 12 to 128 characters into **New password** and again " +
                    "into **Confirm new password**, then select **Change password**. Very common passwords are not accepted.",
                    Shot(HelpScreenshots.ResetPassword,
                        "The Choose a new password page: New password and Confirm new password boxes, both filled in, and " +
                        "the Change password button.")),
                new("The sign-in page opens and says your password was reset. Sign in with your new password, then verify " +
                    "it's you with your usual method: a new password never skips this step.",
                    Link: LinkTo(HelpRoutes.PortalExistingUser)),
            ]),
            new("Good to know",
            [
                new("For your security, resetting your password signs you out everywhere: other browsers and the app."),
                new("If the page says **This link no longer works**, the link has expired or was already used: select " +
                    "**Ask for a new link**."),
                new("No email? Check your junk folder and wait a few minutes. Make sure you typed the address you use for " +
                    "connecX. If it still does not arrive, contact your building manager."),
                new("Know your password and want to change it? Select **Security** in the menu, then **Change password**."),
            ], Ordered: false),
        ]);

    private static HelpArticle LostFactor() => new(
        HelpSlugs.LostFactor,
        Title(HelpRoutes.LostFactor),
        "Sign in another way, then set up a new method and remove the lost phone or security key.",
        HelpTopic.Account,
        [
            new("Sign in another way",
            [
                new("Type your email address and password, and select **Sign in**."),
                new("When the portal shows **Verify it's you**, select **Use another method**."),
                new("Choose another of your methods, such as **Email code**, or **Recovery code**.", OtherMethodsPage),
                new("For a recovery code, type one of the codes you saved into **Code** and select **Verify**. Each code " +
                    "works once, and we email you when one is used.",
                    Shot(HelpScreenshots.VerifyRecoveryCode,
                        "The Verify it's you page asking for one of your recovery codes: a Code box, the Verify button and " +
                        "the Use another method button.")),
            ]),
            new("Then secure your account",
            [
                new("Select **Security** in the menu. If you signed in more than 5 minutes ago, the portal asks you to verify " +
                    "it's you again before any change.",
                    Shot(HelpScreenshots.Security,
                        "The Your account security page. Sign-in methods: Authenticator app (the default), a passkey named " +
                        "Chrome on Windows, and Email code, each with when it was added and last used, and Make default, " +
                        "Rename or Remove buttons. Below: the Add a sign-in method button, Recovery codes with the Get new " +
                        "recovery codes button, and Password with the Change password button.")),
                new("Select **Add a sign-in method** and set up a new one, for example the authenticator app on your new " +
                    "phone. The portal offers the methods you can still add.",
                    Shot(HelpScreenshots.SecurityAddMethod,
                        "The Add a sign-in method page, offering Passkey (selected) and Email code, with the Continue " +
                        "button.")),
                new("Back on your security page, select **Remove** next to the authenticator app or passkey that was on the " +
                    "lost phone or security key. You cannot remove your only method, which is why you add the new one first."),
                new("If you used a recovery code, select **Get new recovery codes**. Your old codes stop working and 10 new " +
                    "ones appear, once only: save them, then select **I have saved them**.",
                    Shot(HelpScreenshots.SecurityRecoveryCodes,
                        "Your new recovery codes on the security page: ten codes, the Download and Print buttons, and the I " +
                        "have saved them button.",
                        "Example codes: yours are different.")),
                new("If the lost phone was signed in to the connecX app, select **Devices and sessions** in the menu and " +
                    "select **End session** next to it.", DevicesPage),
            ]),
            new("If you cannot sign in at all",
            [
                new("Contact your building manager or connecX support. After checking who you are, support can reset your " +
                    "sign-in methods."),
                new("The next time you sign in, you set up a new method, as on your first sign-in.", Link: LinkTo(HelpRoutes.PortalFirstTimeUser)),
                new("connecX never asks for your password or a sign-in code, by email or by phone."),
            ], Ordered: false),
        ]);
}
