using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Domain.Sessions;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Audit;
using ConnecXPortal.Web.Features.Factors;
using ConnecXPortal.Web.Features.Factors.EmailCode;
using ConnecXPortal.Web.Features.Factors.Totp;
using ConnecXPortal.Web.Features.Observability;
using ConnecXPortal.Web.Features.SignIn;
using ConnecXPortal.Web.Features.Throttling;
using Microsoft.EntityFrameworkCore;

namespace ConnecXPortal.Web.Features.AppApi;

/// <summary>The apps' session API: sign-in (password, then a second factor or its set-up), refresh, the session, sign-out.</summary>
internal static class AppApiEndpoints
{
    public const string BasePath = "/api/app/v1";
    public const string DocumentName = "app-v1";

    private const int MaxEmailLength = 256;
    private const int MaxPasswordLength = 128;
    private const int MaxTicketLength = 4096;
    private const int MaxCodeLength = 64;

    public static IEndpointRouteBuilder MapAppApiEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup(BasePath)
            .WithGroupName(DocumentName)
            .AddEndpointFilter<AppClientFilter>();

        var signIn = api.MapGroup("/sign-in").WithTags("Sign-in");
        signIn.MapPost("", SignInAsync)
            .RequireRateLimiting(AppApiRateLimits.SignIn)
            .WithName("SignIn")
            .WithSummary("Sign in with email and password")
            .WithDescription("The first step of every sign-in. Answers where the sign-in stands: second_factor_required or enrolment_required " +
                "with a ticket for the next step, or (before the MFA cutover, for an account without a second factor) signed_in with tokens. " +
                "A wrong password, an unknown email and any password while the account is locked (after 5 failed attempts, for 15 minutes) " +
                "all answer invalid_credentials with the same body; the owner of a locked account is emailed when it unlocks.")
            .Produces<SignInResponse>()
            .WithErrors(AppError.ValidationFailed, AppError.InvalidRequest, AppError.InvalidCredentials, AppError.TooManyAttempts);

        signIn.MapPost("/email-code", SendEmailCodeAsync)
            .WithName("SendEmailCode")
            .WithSummary("Email a sign-in code")
            .WithDescription("Emails a 6-digit code bound to this sign-in (valid 10 minutes; a new code replaces the previous one; " +
                "one a minute, five an hour). Then verify it with the second-factor call and method email_code.")
            .Produces<CodeSentResponse>(StatusCodes.Status202Accepted)
            .WithErrors(AppError.ValidationFailed, AppError.InvalidRequest, AppError.InvalidTicket, AppError.TicketExpired,
                AppError.EnrolmentRequired, AppError.MethodNotAvailable, AppError.TooManyCodes, AppError.TooManyAttempts);

        signIn.MapPost("/second-factor", VerifySecondFactorAsync)
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

        signIn.MapPost("/enrolment/mailbox", StartMailboxAsync)
            .WithName("SendMailboxCode")
            .WithSummary("Email a code that confirms the account's email address")
            .WithDescription("For an account without a second factor: emails a 6-digit code to the account's address (same limits as " +
                "sign-in codes). Entering it with the mailbox verify call is needed before an authenticator app can be set up, because " +
                "the password alone may have leaked. Setting up email codes needs no separate confirmation.")
            .Produces<CodeSentResponse>(StatusCodes.Status202Accepted)
            .WithErrors(AppError.ValidationFailed, AppError.InvalidRequest, AppError.InvalidTicket, AppError.TicketExpired,
                AppError.SecondFactorRequired, AppError.TooManyCodes, AppError.TooManyAttempts);

        signIn.MapPost("/enrolment/mailbox/verify", VerifyMailboxAsync)
            .WithName("VerifyMailboxCode")
            .WithSummary("Confirm the account's email address")
            .WithDescription("Checks the code from the mailbox call. Answers enrolment_required again with mailboxVerified true: the same " +
                "ticket can now set up an authenticator app.")
            .Produces<SignInResponse>()
            .WithErrors(AppError.ValidationFailed, AppError.InvalidRequest, AppError.InvalidTicket, AppError.TicketExpired,
                AppError.SecondFactorRequired, AppError.InvalidCode, AppError.CodeExpired, AppError.TooManyAttempts);

        signIn.MapPost("/enrolment/authenticator", StartAuthenticatorAsync)
            .RequireRateLimiting(AppApiRateLimits.SecondFactor)
            .WithName("StartAuthenticatorSetup")
            .WithSummary("Start setting up an authenticator app")
            .WithDescription("For an account without a second factor whose email address this sign-in confirmed (mailbox calls): a new " +
                "key and its otpauth:// URI (issuer connecX) to add to the user's authenticator app, and a setup token to send back with " +
                "the first code.")
            .Produces<AuthenticatorSetupResponse>()
            .WithErrors(AppError.ValidationFailed, AppError.InvalidRequest, AppError.InvalidTicket, AppError.TicketExpired,
                AppError.SecondFactorRequired, AppError.MailboxVerificationRequired, AppError.TooManyAttempts);

        signIn.MapPost("/enrolment/authenticator/verify", VerifyAuthenticatorAsync)
            .RequireRateLimiting(AppApiRateLimits.SecondFactor)
            .WithName("VerifyAuthenticatorSetup")
            .WithSummary("Finish setting up an authenticator app")
            .WithDescription("Checks the app's first code, adds the authenticator app as the account's second factor and signs in. " +
                "The answer carries the 10 recovery codes, shown this once.")
            .Produces<SignInResponse>()
            .WithErrors(AppError.ValidationFailed, AppError.InvalidRequest, AppError.InvalidTicket, AppError.TicketExpired,
                AppError.SecondFactorRequired, AppError.MailboxVerificationRequired, AppError.SetupExpired, AppError.InvalidCode,
                AppError.TooManyAttempts);

        signIn.MapPost("/enrolment/email", StartEmailAsync)
            .WithName("StartEmailCodeSetup")
            .WithSummary("Start setting up email codes")
            .WithDescription("For an account without a second factor: emails a 6-digit code to the account's address (same limits as sign-in codes).")
            .Produces<CodeSentResponse>(StatusCodes.Status202Accepted)
            .WithErrors(AppError.ValidationFailed, AppError.InvalidRequest, AppError.InvalidTicket, AppError.TicketExpired,
                AppError.SecondFactorRequired, AppError.TooManyCodes, AppError.TooManyAttempts);

        signIn.MapPost("/enrolment/email/verify", VerifyEmailAsync)
            .RequireRateLimiting(AppApiRateLimits.SecondFactor)
            .WithName("VerifyEmailCodeSetup")
            .WithSummary("Finish setting up email codes")
            .WithDescription("Checks the emailed code, adds email codes as the account's second factor and signs in. The answer carries " +
                "the 10 recovery codes, shown this once.")
            .Produces<SignInResponse>()
            .WithErrors(AppError.ValidationFailed, AppError.InvalidRequest, AppError.InvalidTicket, AppError.TicketExpired,
                AppError.SecondFactorRequired, AppError.InvalidCode, AppError.CodeExpired, AppError.TooManyAttempts);

        var tokens = api.MapGroup("").WithTags("Session");
        tokens.MapPost("/token/refresh", RefreshAsync)
            .RequireRateLimiting(AppApiRateLimits.Refresh)
            .WithName("Refresh")
            .WithSummary("Exchange the refresh token for new tokens")
            .WithDescription("Every refresh token works once and is replaced by the new one in the answer; the session then lasts 90 days " +
                "from now. A refresh token that comes back after it was exchanged ends the session (refresh_token_reused).")
            .Produces<TokenResponse>()
            .WithErrors(AppError.ValidationFailed, AppError.InvalidRequest, AppError.InvalidRefreshToken, AppError.SessionEnded, AppError.TooManyAttempts);

        var signedIn = tokens.MapGroup("").AddEndpointFilter<AppAuthenticationFilter>().WithMetadata(new AppAuthenticatedMetadata());
        signedIn.MapGet("/session", GetSessionAsync)
            .WithName("GetSession")
            .WithSummary("The signed-in user and this session")
            .WithDescription("Also the way to ask whether the session is still live: an ended session answers session_ended with its reason.")
            .Produces<SessionResponse>()
            .WithErrors(AppError.ValidationFailed, AppError.InvalidToken, AppError.TokenExpired, AppError.SessionEnded);

        signedIn.MapPost("/sign-out", SignOutAsync)
            .WithName("SignOut")
            .WithSummary("Sign out")
            .WithDescription("Ends the session: its tokens stop working, and the next sign-in verifies a second factor again. " +
                "An outdated app can still sign out.")
            .Produces(StatusCodes.Status204NoContent)
            .WithErrorsForAnyVersion(AppError.ValidationFailed, AppError.InvalidToken, AppError.TokenExpired, AppError.SessionEnded);

        return endpoints;
    }

    private static async Task<IResult> SignInAsync(
        SignInRequest? request,
        HttpContext http,
        PasswordSignIn passwords,
        FactorService factors,
        SignInTickets tickets,
        AppSessions appSessions,
        Throttle throttle,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        Require(errors, "email", request?.Email, MaxEmailLength, "Enter your email address.", $"An email address has at most {MaxEmailLength} characters.");
        Require(errors, "password", request?.Password, MaxPasswordLength, "Enter your password.", $"A password has at most {MaxPasswordLength} characters.");
        if (request?.DeviceName is { Length: > 200 })
        {
            errors["deviceName"] = ["A device name has at most 200 characters."];
        }

        if (errors.Count > 0)
        {
            return AppProblems.Validation(errors).ToResult();
        }

        if (throttle.AttemptAccount(ThrottleAction.SignIn, Throttle.EmailKey(request!.Email!)) is { Allowed: false } refused)
        {
            return AppApiRateLimits.TooManyAttempts(refused).ToResult();
        }

        var result = await passwords.CheckAsync(request!.Email!.Trim(), request.Password!, SignInClient.App, cancellationToken);
        if (result.Outcome != PasswordCheckOutcome.Succeeded)
        {
            return AppProblems.Create(AppError.InvalidCredentials, SignInMessages.WrongCredentials).ToResult();
        }

        var user = result.User!;
        var client = AppClient.Of(http);
        var deviceName = DeviceNames.Clean(request.DeviceName) is { Length: > 0 } name ? name : DefaultDeviceName(client);
        var enrolled = await factors.ListAsync(user.Id, cancellationToken);
        switch (FactorRules.AfterPassword(enrolled.Count, factors.IsMfaMandatory))
        {
            case AfterPasswordStep.VerifySecondFactor:
                var methods = MethodsOf(enrolled);
                return TypedResults.Ok(new SignInResponse(SignInStatus.SecondFactorRequired)
                {
                    Ticket = await tickets.IssueAsync(user, SignInTicketStage.SecondFactor, client, deviceName),
                    TicketExpiresIn = (int)SignInTickets.Lifetime.TotalSeconds,
                    Methods = methods,
                    DefaultMethod = MethodFor(enrolled[0].Kind) is { } preferred && methods.Contains(preferred) ? preferred : methods[0],
                });
            case AfterPasswordStep.Enrol:
                return TypedResults.Ok(EnrolmentRequiredResponse(
                    await tickets.IssueAsync(user, SignInTicketStage.Enrolment, client, deviceName), SignInTickets.Lifetime, mailboxVerified: false));
            default:
                var signedIn = await appSessions.SignInAsync(user, SignInMethod.Password, client, deviceName, cancellationToken);
                return TypedResults.Ok(new SignInResponse(SignInStatus.SignedIn) { Tokens = signedIn });
        }
    }

    private static async Task<IResult> SendEmailCodeAsync(
        TicketRequest? request,
        HttpContext http,
        SignInTickets tickets,
        FactorService factors,
        EmailCodes emailCodes,
        CancellationToken cancellationToken)
    {
        var (ticket, user, problem) = await ReadTicketAsync(request?.Ticket, new(), http, tickets);
        if (problem is not null)
        {
            return problem.ToResult();
        }

        if (ticket!.Stage != SignInTicketStage.SecondFactor)
        {
            return EnrolmentRequired().ToResult();
        }

        if (!await factors.HasAsync(user!.Id, FactorKind.EmailCode, cancellationToken))
        {
            return AppProblems.Create(AppError.MethodNotAvailable, "This account does not use email codes. Verify another way.").ToResult();
        }

        return await SendAsync(emailCodes, user, ticket, EmailCodePurpose.SignIn, cancellationToken);
    }

    private static async Task<IResult> VerifySecondFactorAsync(
        SecondFactorRequest? request,
        HttpContext http,
        SignInTickets tickets,
        FactorService factors,
        SecondFactorVerifier verifier,
        AppSessions appSessions,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (request?.Method is null)
        {
            errors["method"] = ["Choose how to verify: authenticator_app, email_code or recovery_code."];
        }

        Require(errors, "code", request?.Code, MaxCodeLength, "Enter the code.", $"A code has at most {MaxCodeLength} characters.");
        var (ticket, user, problem) = await ReadTicketAsync(request?.Ticket, errors, http, tickets);
        if (problem is not null)
        {
            return problem.ToResult();
        }

        if (SecondFactorAttempt(http, user!) is { } refused)
        {
            return refused.ToResult();
        }

        if (ticket!.Stage != SignInTicketStage.SecondFactor)
        {
            return EnrolmentRequired().ToResult();
        }

        var method = request!.Method!.Value;
        var available = MethodsOf(await factors.ListAsync(user!.Id, cancellationToken));
        if (!available.Contains(method))
        {
            return AppProblems.Create(AppError.MethodNotAvailable, "This account cannot verify that way. Use one of the methods the sign-in offered.").ToResult();
        }

        var result = await verifier.VerifyCodeAsync(user, ChallengeMethodOf(method), request.Code, ticket.AttemptId, afterPassword: true);
        switch (result.Outcome)
        {
            case VerificationOutcome.Verified when !await tickets.ClaimAsync(ticket, cancellationToken):
                return UsedTicket().ToResult();
            case VerificationOutcome.Verified:
                var signedIn = await appSessions.SignInAsync(user, result.Method!.Value, AppClient.Of(http), ticket.DeviceName, cancellationToken);
                return TypedResults.Ok(new SignInResponse(SignInStatus.SignedIn) { Tokens = signedIn });
            case VerificationOutcome.LockedOut:
                return LockedOut(user.LockoutEnd, clock).ToResult();
            default:
                return result.Message == SecondFactorVerifier.NoEmailCode
                    ? AppProblems.Create(AppError.CodeExpired, "That code has expired or was replaced by a newer one. Send a new code and enter it.").ToResult()
                    : AppProblems.Create(AppError.InvalidCode, result.Message ?? SecondFactorVerifier.WrongCode).ToResult();
        }
    }

    private static async Task<IResult> StartMailboxAsync(
        TicketRequest? request,
        HttpContext http,
        SignInTickets tickets,
        FactorService factors,
        EmailCodes emailCodes,
        CancellationToken cancellationToken)
    {
        var (ticket, user, problem) = await ReadEnrolmentTicketAsync(request?.Ticket, new(), http, tickets, factors, cancellationToken);
        return problem?.ToResult() ?? await SendAsync(emailCodes, user!, ticket!, EmailCodePurpose.MailboxProof, cancellationToken);
    }

    private static async Task<IResult> VerifyMailboxAsync(
        CodeRequest? request,
        HttpContext http,
        SignInTickets tickets,
        FactorService factors,
        EmailCodes emailCodes,
        AuditLog audit,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        Require(errors, "code", request?.Code, MaxCodeLength, "Enter the 6-digit code from the email.", $"A code has at most {MaxCodeLength} characters.");
        var (ticket, user, problem) = await ReadEnrolmentTicketAsync(request?.Ticket, errors, http, tickets, factors, cancellationToken);
        if (problem is not null)
        {
            return problem.ToResult();
        }

        switch (await emailCodes.CheckAsync(user!.Id, ticket!.AttemptId, request!.Code))
        {
            case EmailCodeCheck.Accepted:
                await audit.RecordAsync(AuditEntry.BySelf(AuditEventTypes.EnrolmentEmailConfirmed, user), cancellationToken);
                var left = ticket.StartedAt + SignInTickets.Lifetime - clock.GetUtcNow();
                return TypedResults.Ok(EnrolmentRequiredResponse(request.Ticket, left, mailboxVerified: true));
            case EmailCodeCheck.Wrong:
                return AppProblems.Create(AppError.InvalidCode, SecondFactorVerifier.WrongCode).ToResult();
            default:
                return AppProblems.Create(AppError.CodeExpired, "That code has expired or was replaced by a newer one. Send a new code and enter it.").ToResult();
        }
    }

    private static async Task<IResult> StartAuthenticatorAsync(
        TicketRequest? request,
        HttpContext http,
        SignInTickets tickets,
        FactorService factors,
        EmailCodes emailCodes,
        AuthenticatorApp authenticator,
        CancellationToken cancellationToken)
    {
        var (ticket, user, problem) = await ReadEnrolmentTicketAsync(request?.Ticket, new(), http, tickets, factors, cancellationToken);
        problem ??= await RequireMailboxAsync(emailCodes, ticket, user);
        if (problem is not null)
        {
            return problem.ToResult();
        }

        if (SecondFactorAttempt(http, user!) is { } refused)
        {
            return refused.ToResult();
        }

        var key = AuthenticatorApp.NewKey();
        return TypedResults.Ok(new AuthenticatorSetupResponse(
            key,
            AuthenticatorApp.FormatKey(key),
            AuthenticatorApp.OtpAuthUri(user!.Email!, key),
            authenticator.ProtectPendingKey(user.Id, key)));
    }

    private static async Task<IResult> VerifyAuthenticatorAsync(
        AuthenticatorVerifyRequest? request,
        HttpContext http,
        SignInTickets tickets,
        FactorService factors,
        EmailCodes emailCodes,
        AuthenticatorApp authenticator,
        AppSessions appSessions,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        Require(errors, "setupToken", request?.SetupToken, MaxTicketLength, "Send the setupToken from the set-up call.", "The setup token is too long.");
        Require(errors, "code", request?.Code, MaxCodeLength, "Enter the 6-digit code the authenticator app shows.", $"A code has at most {MaxCodeLength} characters.");
        var (ticket, user, problem) = await ReadEnrolmentTicketAsync(request?.Ticket, errors, http, tickets, factors, cancellationToken);
        problem ??= await RequireMailboxAsync(emailCodes, ticket, user);
        if (problem is not null)
        {
            return problem.ToResult();
        }

        if (SecondFactorAttempt(http, user!) is { } refused)
        {
            return refused.ToResult();
        }

        if (authenticator.UnprotectPendingKey(user!.Id, request!.SetupToken) is not { } key)
        {
            return AppProblems.Create(AppError.SetupExpired, "This set-up has expired. Start setting up the authenticator app again.").ToResult();
        }

        if (AuthenticatorApp.MatchStep(key, request.Code, clock.GetUtcNow()) is not { } step)
        {
            return AppProblems.Create(AppError.InvalidCode, "That code is not right. Check the app shows connecX and enter the current code.").ToResult();
        }

        if (!await tickets.ClaimAsync(ticket!, cancellationToken))
        {
            return UsedTicket().ToResult();
        }

        var added = await factors.AddAuthenticatorAsync(user, key, step, EnrolmentDevice(ticket!, http));
        return await FinishEnrolmentAsync(user, added, ticket!, http, appSessions, cancellationToken);
    }

    private static async Task<IResult> StartEmailAsync(
        TicketRequest? request,
        HttpContext http,
        SignInTickets tickets,
        FactorService factors,
        EmailCodes emailCodes,
        CancellationToken cancellationToken)
    {
        var (ticket, user, problem) = await ReadEnrolmentTicketAsync(request?.Ticket, new(), http, tickets, factors, cancellationToken);
        return problem?.ToResult() ?? await SendAsync(emailCodes, user!, ticket!, EmailCodePurpose.Enrolment, cancellationToken);
    }

    private static async Task<IResult> VerifyEmailAsync(
        CodeRequest? request,
        HttpContext http,
        SignInTickets tickets,
        FactorService factors,
        EmailCodes emailCodes,
        AppSessions appSessions,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        Require(errors, "code", request?.Code, MaxCodeLength, "Enter the 6-digit code from the email.", $"A code has at most {MaxCodeLength} characters.");
        var (ticket, user, problem) = await ReadEnrolmentTicketAsync(request?.Ticket, errors, http, tickets, factors, cancellationToken);
        if (problem is not null)
        {
            return problem.ToResult();
        }

        if (SecondFactorAttempt(http, user!) is { } refused)
        {
            return refused.ToResult();
        }

        switch (await emailCodes.CheckAsync(user!.Id, ticket!.AttemptId, request!.Code))
        {
            case EmailCodeCheck.Accepted when !await tickets.ClaimAsync(ticket, cancellationToken):
                return UsedTicket().ToResult();
            case EmailCodeCheck.Accepted:
                var added = await factors.AddEmailCodeAsync(user, EnrolmentDevice(ticket, http));
                return await FinishEnrolmentAsync(user, added, ticket, http, appSessions, cancellationToken);
            case EmailCodeCheck.Wrong:
                return AppProblems.Create(AppError.InvalidCode, SecondFactorVerifier.WrongCode).ToResult();
            default:
                return AppProblems.Create(AppError.CodeExpired, "That code has expired or was replaced by a newer one. Send a new code and enter it.").ToResult();
        }
    }

    private static async Task<IResult> RefreshAsync(RefreshRequest? request, HttpContext http, AppSessions appSessions, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        Require(errors, "refreshToken", request?.RefreshToken, 256, "Send the refresh token.", "The refresh token is too long.");
        if (errors.Count > 0)
        {
            return AppProblems.Validation(errors).ToResult();
        }

        var (tokens, problem) = await appSessions.RefreshAsync(request!.RefreshToken!.Trim(), AppClient.Of(http), cancellationToken);
        return problem?.ToResult() ?? TypedResults.Ok(tokens);
    }

    private static async Task<IResult> GetSessionAsync(HttpContext http, PortalDbContext db, CancellationToken cancellationToken)
    {
        var caller = AppCaller.Of(http);
        var found = await db.UserSessions.AsNoTracking()
            .Where(s => s.Id == caller.SessionId)
            .Select(s => new { Session = s, s.User.Email, s.User.GivenName, s.User.FamilyName })
            .SingleAsync(cancellationToken);
        var s = found.Session;
        return TypedResults.Ok(new SessionResponse(
            s.UserId,
            found.Email ?? "",
            $"{found.GivenName} {found.FamilyName}".Trim(),
            new SessionInfo(s.Id, AppClient.PlatformOf(s.Client), s.Brand, s.Device, s.AppVersion, s.SignInMethod.DisplayName(), s.CreatedAt, s.ExpiresAt)));
    }

    private static async Task<IResult> SignOutAsync(HttpContext http, AppSessions appSessions, CancellationToken cancellationToken)
    {
        await appSessions.SignOutAsync(AppCaller.Of(http), cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> FinishEnrolmentAsync(
        PortalUser user,
        FactorAdded? added,
        SignInTicket ticket,
        HttpContext http,
        AppSessions appSessions,
        CancellationToken cancellationToken)
    {
        if (added is null)
        {
            // Another set-up (the portal, another device) changed the account at the same moment: this one is void.
            return AppProblems.Create(AppError.InvalidTicket, "This account changed while it was being set up. Sign in again.").ToResult();
        }

        // Enrolment tickets are only honoured while the account has no factor, so this is always the first one, and
        // its recovery codes come from the same save.
        var signedIn = await appSessions.SignInAsync(user, SignInMethods.AfterPassword(added.Factor.Kind), AppClient.Of(http), ticket.DeviceName, cancellationToken);
        return TypedResults.Ok(new SignInResponse(SignInStatus.SignedIn) { Tokens = signedIn, RecoveryCodes = added.RecoveryCodes });
    }

    /// <summary>
    /// The answer that asks for a factor to be set up: the methods, and whether this sign-in confirmed the account's
    /// email address (an authenticator app needs it; email codes confirm the address themselves).
    /// </summary>
    private static SignInResponse EnrolmentRequiredResponse(string ticket, TimeSpan ticketLeft, bool mailboxVerified) =>
        new(SignInStatus.EnrolmentRequired)
        {
            Ticket = ticket,
            TicketExpiresIn = Math.Max(0, (int)ticketLeft.TotalSeconds),
            Methods = [AppFactorMethod.AuthenticatorApp, AppFactorMethod.EmailCode],
            DefaultMethod = AppFactorMethod.AuthenticatorApp,
            MailboxVerified = mailboxVerified,
        };

    /// <summary>An authenticator app is set up only once this sign-in proved it can read the account's mailbox.</summary>
    private static async Task<AppProblem?> RequireMailboxAsync(EmailCodes emailCodes, SignInTicket? ticket, PortalUser? user)
    {
        if (ticket is null || user is null || await emailCodes.WasAcceptedAsync(user.Id, ticket.AttemptId, ticket.StartedAt))
        {
            return null;
        }

        return AppProblems.Create(AppError.MailboxVerificationRequired,
            "Before you set up an authenticator app, confirm your email address: ask for a code with the mailbox call and enter it.");
    }

    /// <summary>Where an app enrolment comes from, for the owner's email: "Pixel 8, Android app".</summary>
    private static string EnrolmentDevice(SignInTicket ticket, HttpContext http) => $"{ticket.DeviceName}, {AppClient.Of(http).DisplayName}";

    private static async Task<IResult> SendAsync(EmailCodes emailCodes, PortalUser user, SignInTicket ticket, EmailCodePurpose purpose, CancellationToken cancellationToken)
    {
        var sent = await emailCodes.SendAsync(user, ticket.AttemptId, purpose, cancellationToken);
        if (sent.Throttled)
        {
            return AppApiRateLimits.TooManyAttempts(new ThrottleVerdict(false, sent.WaitFor!.Value)).ToResult();
        }

        if (!sent.Sent)
        {
            var wait = (int)Math.Ceiling(sent.WaitFor!.Value.TotalSeconds);
            return (AppProblems.Create(AppError.TooManyCodes, Enrolment.SetupEmailPage.WaitMessage(sent.WaitFor.Value)) with { RetryAfter = wait }).ToResult();
        }

        return TypedResults.Json(
            new CodeSentResponse((int)EmailCodePolicy.Lifetime.TotalSeconds, (int)EmailCodePolicy.ResendAfter.TotalSeconds),
            statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<(SignInTicket? Ticket, PortalUser? User, AppProblem? Problem)> ReadTicketAsync(
        string? value,
        Dictionary<string, string[]> errors,
        HttpContext http,
        SignInTickets tickets)
    {
        Require(errors, "ticket", value, MaxTicketLength, "Send the ticket from the sign-in call.", "The ticket is too long.");
        if (errors.Count > 0)
        {
            return (null, null, AppProblems.Validation(errors));
        }

        var (ticket, user, error) = await tickets.ReadAsync(value, AppClient.Of(http));
        return error switch
        {
            null => (ticket, user, null),
            AppError.TicketExpired => (null, null, AppProblems.Create(AppError.TicketExpired, SignInMessages.For(SignInMessages.SignInExpired)!)),
            _ => (null, null, UsedTicket()),
        };
    }

    private static async Task<(SignInTicket? Ticket, PortalUser? User, AppProblem? Problem)> ReadEnrolmentTicketAsync(
        string? value,
        Dictionary<string, string[]> errors,
        HttpContext http,
        SignInTickets tickets,
        FactorService factors,
        CancellationToken cancellationToken)
    {
        var (ticket, user, problem) = await ReadTicketAsync(value, errors, http, tickets);
        if (problem is not null)
        {
            return (null, null, problem);
        }

        if (ticket!.Stage != SignInTicketStage.Enrolment || await factors.CountAsync(user!.Id, cancellationToken) > 0)
        {
            return (null, null, AppProblems.Create(AppError.SecondFactorRequired,
                "This account already has a way to verify it's you. Sign in again and verify with it."));
        }

        return (ticket, user, null);
    }

    /// <summary>Counts a second-factor step for the ticket's account; the problem to answer once its limit is reached.</summary>
    private static AppProblem? SecondFactorAttempt(HttpContext http, PortalUser user) =>
        http.RequestServices.GetRequiredService<Throttle>().AttemptAccount(ThrottleAction.SecondFactor, Throttle.UserKey(user.Id)) is { Allowed: false } refused
            ? AppApiRateLimits.TooManyAttempts(refused)
            : null;

    private static string DefaultDeviceName(AppClient client) => client.Platform switch
    {
        AppPlatform.Android => "Android device",
        AppPlatform.Ios => "iOS device",
        _ => $"{client.Brand} device",
    };

    private static AppProblem UsedTicket() =>
        AppProblems.Create(AppError.InvalidTicket, "This sign-in is not valid on this device any more. Sign in again.");

    private static AppProblem EnrolmentRequired() =>
        AppProblems.Create(AppError.EnrolmentRequired, "This account has no second factor yet. Set one up with the enrolment calls.");

    /// <summary>Said only at the second factor: whoever gets this answer has just given the right password.</summary>
    private static AppProblem LockedOut(DateTimeOffset? until, TimeProvider clock)
    {
        var wait = until is { } end && end > clock.GetUtcNow() ? end - clock.GetUtcNow() : TimeSpan.Zero;
        var minutes = Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes));
        var detail = "There were too many unsuccessful attempts to sign in, so your account is locked for now to protect it. " +
            $"Try again in {minutes} {(minutes == 1 ? "minute" : "minutes")}. We have emailed you about it. If you did not try to sign in, " +
            "someone else may know your password: reset it with \"Forgot your password?\" in the connecX portal.";
        return AppProblems.Create(AppError.LockedOut, detail) with { RetryAfter = (int)Math.Ceiling(wait.TotalSeconds) };
    }

    private static List<AppFactorMethod> MethodsOf(IEnumerable<UserFactor> factors)
    {
        var kinds = factors.Select(f => f.Kind).ToHashSet();
        var methods = new List<AppFactorMethod>();
        if (kinds.Contains(FactorKind.AuthenticatorApp))
        {
            methods.Add(AppFactorMethod.AuthenticatorApp);
        }

        if (kinds.Contains(FactorKind.EmailCode))
        {
            methods.Add(AppFactorMethod.EmailCode);
        }

        // Passkeys are not offered in the apps; a recovery code always is.
        methods.Add(AppFactorMethod.RecoveryCode);
        return methods;
    }

    private static AppFactorMethod? MethodFor(FactorKind kind) => kind switch
    {
        FactorKind.AuthenticatorApp => AppFactorMethod.AuthenticatorApp,
        FactorKind.EmailCode => AppFactorMethod.EmailCode,
        _ => null,
    };

    private static ChallengeMethod ChallengeMethodOf(AppFactorMethod method) => method switch
    {
        AppFactorMethod.AuthenticatorApp => ChallengeMethod.AuthenticatorApp,
        AppFactorMethod.EmailCode => ChallengeMethod.EmailCode,
        _ => ChallengeMethod.RecoveryCode,
    };

    private static void Require(Dictionary<string, string[]> errors, string field, string? value, int maxLength, string missing, string tooLong)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors[field] = [missing];
        }
        else if (value.Length > maxLength)
        {
            errors[field] = [tooLong];
        }
    }
}
