using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Domain.Sessions;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Audit;
using ConnecXPortal.Web.Features.Factors;
using ConnecXPortal.Web.Features.Factors.EmailCode;
using ConnecXPortal.Web.Features.Factors.Totp;
using ConnecXPortal.Web.Features.Throttling;
using Microsoft.EntityFrameworkCore;

namespace ConnecXPortal.Web.Features.AppApi;

/// <summary>
/// The enrolment flow of an account without a second factor: prove the mailbox, then set up an authenticator app or
/// email codes, and sign in with the recovery codes shown once.
/// </summary>
internal static class AppEnrolmentHandlers
{
    public static Task<IResult> StartMailboxAsync(
        TicketRequest request, HttpContext http, SignInTickets tickets, SecondFactors factors, EmailCodes emailCodes, CancellationToken cancellationToken) =>
        SendEnrolmentCodeAsync(request, http, tickets, factors, emailCodes, EmailCodePurpose.MailboxProof, cancellationToken);

    public static async Task<IResult> VerifyMailboxAsync(
        CodeRequest request,
        HttpContext http,
        SignInTickets tickets,
        SecondFactors factors,
        EmailCodes emailCodes,
        AuditLog audit,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var (ticket, user, problem) = await ReadEnrolmentTicketAsync(request.Ticket, http, tickets, factors, cancellationToken);
        if (problem is not null)
        {
            return problem.ToResult();
        }

        switch (await emailCodes.CheckAsync(user!.Id, ticket!.AttemptId, request.Code))
        {
            case EmailCodeCheck.Accepted:
                await audit.RecordAsync(AuditEntry.BySelf(AuditEventTypes.EnrolmentEmailConfirmed, user), cancellationToken);
                var left = ticket.StartedAt + SignInTickets.Lifetime - clock.GetUtcNow();
                return TypedResults.Ok(EnrolmentRequiredResponse(request.Ticket, left, mailboxVerified: true));
            case var notAccepted:
                return AppTicketSteps.CodeRefused(notAccepted).ToResult();
        }
    }

    public static async Task<IResult> StartAuthenticatorAsync(
        TicketRequest request,
        HttpContext http,
        SignInTickets tickets,
        SecondFactors factors,
        EmailCodes emailCodes,
        AuthenticatorApp authenticator,
        CancellationToken cancellationToken)
    {
        var (ticket, user, problem) = await ReadEnrolmentTicketAsync(request.Ticket, http, tickets, factors, cancellationToken);
        problem ??= await RequireMailboxAsync(emailCodes, ticket, user);
        if (problem is not null)
        {
            return problem.ToResult();
        }

        if (AppTicketSteps.SecondFactorAttempt(http, user!) is { } refused)
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

    public static async Task<IResult> VerifyAuthenticatorAsync(
        AuthenticatorVerifyRequest request,
        HttpContext http,
        SignInTickets tickets,
        SecondFactors factors,
        EmailCodes emailCodes,
        AuthenticatorApp authenticator,
        AppSessions appSessions,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var (ticket, user, problem) = await ReadEnrolmentTicketAsync(request.Ticket, http, tickets, factors, cancellationToken);
        problem ??= await RequireMailboxAsync(emailCodes, ticket, user);
        if (problem is not null)
        {
            return problem.ToResult();
        }

        if (AppTicketSteps.SecondFactorAttempt(http, user!) is { } refused)
        {
            return refused.ToResult();
        }

        if (authenticator.UnprotectPendingKey(user!.Id, request.SetupToken) is not { } key)
        {
            return AppProblems.Create(AppError.SetupExpired, "This set-up has expired. Start setting up the authenticator app again.").ToResult();
        }

        if (AuthenticatorApp.MatchStep(key, request.Code, clock.GetUtcNow()) is not { } step)
        {
            return AppProblems.Create(AppError.InvalidCode, "That code is not right. Check the app shows connecX and enter the current code.").ToResult();
        }

        if (!await tickets.ClaimAsync(ticket!, cancellationToken))
        {
            return AppTicketSteps.UsedTicket().ToResult();
        }

        var added = await factors.AddAuthenticatorAsync(user, key, step, EnrolmentDevice(ticket!, http));
        return await FinishEnrolmentAsync(user, added, ticket!, http, appSessions, cancellationToken);
    }

    public static Task<IResult> StartEmailAsync(
        TicketRequest request, HttpContext http, SignInTickets tickets, SecondFactors factors, EmailCodes emailCodes, CancellationToken cancellationToken) =>
        SendEnrolmentCodeAsync(request, http, tickets, factors, emailCodes, EmailCodePurpose.Enrolment, cancellationToken);

    public static async Task<IResult> VerifyEmailAsync(
        CodeRequest request,
        HttpContext http,
        SignInTickets tickets,
        SecondFactors factors,
        EmailCodes emailCodes,
        AppSessions appSessions,
        CancellationToken cancellationToken)
    {
        var (ticket, user, problem) = await ReadEnrolmentTicketAsync(request.Ticket, http, tickets, factors, cancellationToken);
        if (problem is not null)
        {
            return problem.ToResult();
        }

        if (AppTicketSteps.SecondFactorAttempt(http, user!) is { } refused)
        {
            return refused.ToResult();
        }

        switch (await emailCodes.CheckAsync(user!.Id, ticket!.AttemptId, request.Code))
        {
            case EmailCodeCheck.Accepted when !await tickets.ClaimAsync(ticket, cancellationToken):
                return AppTicketSteps.UsedTicket().ToResult();
            case EmailCodeCheck.Accepted:
                var added = await factors.AddEmailCodeAsync(user, EnrolmentDevice(ticket, http));
                return await FinishEnrolmentAsync(user, added, ticket, http, appSessions, cancellationToken);
            case var notAccepted:
                return AppTicketSteps.CodeRefused(notAccepted).ToResult();
        }
    }

    private static async Task<IResult> SendEnrolmentCodeAsync(
        TicketRequest request, HttpContext http, SignInTickets tickets, SecondFactors factors, EmailCodes emailCodes, EmailCodePurpose purpose,
        CancellationToken cancellationToken)
    {
        var (ticket, user, problem) = await ReadEnrolmentTicketAsync(request.Ticket, http, tickets, factors, cancellationToken);
        return problem?.ToResult() ?? await AppTicketSteps.SendAsync(emailCodes, user!, ticket!, purpose, cancellationToken);
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
    public static SignInResponse EnrolmentRequiredResponse(string ticket, TimeSpan ticketLeft, bool mailboxVerified) =>
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

    private static async Task<(SignInTicket? Ticket, PortalUser? User, AppProblem? Problem)> ReadEnrolmentTicketAsync(
        string value,
        HttpContext http,
        SignInTickets tickets,
        SecondFactors factors,
        CancellationToken cancellationToken)
    {
        var (ticket, user, problem) = await AppTicketSteps.ReadTicketAsync(value, http, tickets);
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
}
