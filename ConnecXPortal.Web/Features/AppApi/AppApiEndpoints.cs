namespace ConnecXPortal.Web.Features.AppApi;

/// <summary>
/// The apps' session API's routes and their OpenAPI descriptions; the handlers are by flow: AppSignInHandlers,
/// AppEnrolmentHandlers, AppSessionHandlers.
/// </summary>
internal static class AppApiEndpoints
{
    public const string BasePath = "/api/app/v1";
    public const string DocumentName = "app-v1";

    public static IEndpointRouteBuilder MapAppApiRoutes(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup(BasePath)
            .WithGroupName(DocumentName)
            .AddEndpointFilter<AppClientFilter>();

        var signIn = api.MapGroup("/sign-in").WithTags("Sign-in");
        signIn.MapPost("", AppSignInHandlers.SignInAsync)
            .RequireRateLimiting(AppApiRateLimits.SignIn)
            .WithName("SignIn")
            .WithSummary("Sign in with email and password")
            .WithDescription("The first step of every sign-in. Answers where the sign-in stands: second_factor_required or enrolment_required " +
                "with a ticket for the next step, or (before the MFA cutover, for an account without a second factor) signed_in with tokens. " +
                "A wrong password, an unknown email and any password while the account is locked (after 5 failed attempts, for 15 minutes) " +
                "all answer invalid_credentials with the same body; the owner of a locked account is emailed when it unlocks.")
            .Produces<SignInResponse>()
            .WithErrors(AppError.ValidationFailed, AppError.InvalidRequest, AppError.InvalidCredentials, AppError.TooManyAttempts);

        signIn.MapPost("/email-code", AppSignInHandlers.SendEmailCodeAsync)
            .WithName("SendEmailCode")
            .WithSummary("Email a sign-in code")
            .WithDescription("Emails a 6-digit code bound to this sign-in (valid 10 minutes; a new code replaces the previous one; " +
                "one a minute, five an hour). Then verify it with the second-factor call and method email_code.")
            .Produces<CodeSentResponse>(StatusCodes.Status202Accepted)
            .WithErrors(AppError.ValidationFailed, AppError.InvalidRequest, AppError.InvalidTicket, AppError.TicketExpired,
                AppError.EnrolmentRequired, AppError.MethodNotAvailable, AppError.TooManyCodes, AppError.TooManyAttempts);

        signIn.MapPost("/second-factor", AppSignInHandlers.VerifySecondFactorAsync)
            .RequireRateLimiting(AppApiRateLimits.SecondFactor)
            .WithName("VerifySecondFactor")
            .WithSummary("Verify a second factor")
            .WithDescription("Finishes a sign-in with an authenticator app code, an emailed code or a recovery code. Wrong codes count " +
                "towards the same lockout as wrong passwords, in the app and the portal alike (5 attempts, 15 minutes); once the account is " +
                "locked this call answers locked_out. A ticket completes one sign-in: sent again afterwards it is invalid_ticket.")
            .Produces<SignInResponse>()
            .WithErrors(AppError.ValidationFailed, AppError.InvalidRequest, AppError.InvalidTicket, AppError.TicketExpired,
                AppError.EnrolmentRequired, AppError.MethodNotAvailable, AppError.InvalidCode, AppError.CodeExpired, AppError.LockedOut,
                AppError.TooManyAttempts);

        signIn.MapPost("/enrolment/mailbox", AppEnrolmentHandlers.StartMailboxAsync)
            .WithName("SendMailboxCode")
            .WithSummary("Email a code that confirms the account's email address")
            .WithDescription("For an account without a second factor: emails a 6-digit code to the account's address (same limits as " +
                "sign-in codes). Entering it with the mailbox verify call is needed before an authenticator app can be set up, because " +
                "the password alone may have leaked. Setting up email codes needs no separate confirmation.")
            .Produces<CodeSentResponse>(StatusCodes.Status202Accepted)
            .WithErrors(AppError.ValidationFailed, AppError.InvalidRequest, AppError.InvalidTicket, AppError.TicketExpired,
                AppError.SecondFactorRequired, AppError.TooManyCodes, AppError.TooManyAttempts);

        signIn.MapPost("/enrolment/mailbox/verify", AppEnrolmentHandlers.VerifyMailboxAsync)
            .WithName("VerifyMailboxCode")
            .WithSummary("Confirm the account's email address")
            .WithDescription("Checks the code from the mailbox call. Answers enrolment_required again with mailboxVerified true: the same " +
                "ticket can now set up an authenticator app.")
            .Produces<SignInResponse>()
            .WithErrors(AppError.ValidationFailed, AppError.InvalidRequest, AppError.InvalidTicket, AppError.TicketExpired,
                AppError.SecondFactorRequired, AppError.InvalidCode, AppError.CodeExpired, AppError.TooManyAttempts);

        signIn.MapPost("/enrolment/authenticator", AppEnrolmentHandlers.StartAuthenticatorAsync)
            .RequireRateLimiting(AppApiRateLimits.SecondFactor)
            .WithName("StartAuthenticatorSetup")
            .WithSummary("Start setting up an authenticator app")
            .WithDescription("For an account without a second factor whose email address this sign-in confirmed (mailbox calls): a new " +
                "key and its otpauth:// URI (issuer connecX) to add to the user's authenticator app, and a setup token to send back with " +
                "the first code.")
            .Produces<AuthenticatorSetupResponse>()
            .WithErrors(AppError.ValidationFailed, AppError.InvalidRequest, AppError.InvalidTicket, AppError.TicketExpired,
                AppError.SecondFactorRequired, AppError.MailboxVerificationRequired, AppError.TooManyAttempts);

        signIn.MapPost("/enrolment/authenticator/verify", AppEnrolmentHandlers.VerifyAuthenticatorAsync)
            .RequireRateLimiting(AppApiRateLimits.SecondFactor)
            .WithName("VerifyAuthenticatorSetup")
            .WithSummary("Finish setting up an authenticator app")
            .WithDescription("Checks the app's first code, adds the authenticator app as the account's second factor and signs in. " +
                "The answer carries the 10 recovery codes, shown this once.")
            .Produces<SignInResponse>()
            .WithErrors(AppError.ValidationFailed, AppError.InvalidRequest, AppError.InvalidTicket, AppError.TicketExpired,
                AppError.SecondFactorRequired, AppError.MailboxVerificationRequired, AppError.SetupExpired, AppError.InvalidCode,
                AppError.TooManyAttempts);

        signIn.MapPost("/enrolment/email", AppEnrolmentHandlers.StartEmailAsync)
            .WithName("StartEmailCodeSetup")
            .WithSummary("Start setting up email codes")
            .WithDescription("For an account without a second factor: emails a 6-digit code to the account's address (same limits as sign-in codes).")
            .Produces<CodeSentResponse>(StatusCodes.Status202Accepted)
            .WithErrors(AppError.ValidationFailed, AppError.InvalidRequest, AppError.InvalidTicket, AppError.TicketExpired,
                AppError.SecondFactorRequired, AppError.TooManyCodes, AppError.TooManyAttempts);

        signIn.MapPost("/enrolment/email/verify", AppEnrolmentHandlers.VerifyEmailAsync)
            .RequireRateLimiting(AppApiRateLimits.SecondFactor)
            .WithName("VerifyEmailCodeSetup")
            .WithSummary("Finish setting up email codes")
            .WithDescription("Checks the emailed code, adds email codes as the account's second factor and signs in. The answer carries " +
                "the 10 recovery codes, shown this once.")
            .Produces<SignInResponse>()
            .WithErrors(AppError.ValidationFailed, AppError.InvalidRequest, AppError.InvalidTicket, AppError.TicketExpired,
                AppError.SecondFactorRequired, AppError.InvalidCode, AppError.CodeExpired, AppError.TooManyAttempts);

        var tokens = api.MapGroup("").WithTags("Session");
        tokens.MapPost("/token/refresh", AppSessionHandlers.RefreshAsync)
            .RequireRateLimiting(AppApiRateLimits.Refresh)
            .WithName("Refresh")
            .WithSummary("Exchange the refresh token for new tokens")
            .WithDescription("Every refresh token works once and is replaced by the new one in the answer; the session then lasts 90 days " +
                "from now. A refresh token that comes back after it was exchanged ends the session (refresh_token_reused).")
            .Produces<TokenResponse>()
            .WithErrors(AppError.ValidationFailed, AppError.InvalidRequest, AppError.InvalidRefreshToken, AppError.SessionEnded, AppError.TooManyAttempts);

        var signedIn = tokens.MapGroup("").AddEndpointFilter<AppAuthenticationFilter>().WithMetadata(new AppAuthenticatedMetadata());
        signedIn.MapGet("/session", AppSessionHandlers.GetSessionAsync)
            .WithName("GetSession")
            .WithSummary("The signed-in user and this session")
            .WithDescription("Also the way to ask whether the session is still live: an ended session answers session_ended with its reason.")
            .Produces<SessionResponse>()
            .WithErrors(AppError.ValidationFailed, AppError.InvalidToken, AppError.TokenExpired, AppError.SessionEnded);

        signedIn.MapPost("/sign-out", AppSessionHandlers.SignOutAsync)
            .WithName("SignOut")
            .WithSummary("Sign out")
            .WithDescription("Ends the session: its tokens stop working, and the next sign-in verifies a second factor again. " +
                "An outdated app can still sign out.")
            .Produces(StatusCodes.Status204NoContent)
            .WithErrorsForAnyVersion(AppError.ValidationFailed, AppError.InvalidToken, AppError.TokenExpired, AppError.SessionEnded);

        return endpoints;
    }
}
