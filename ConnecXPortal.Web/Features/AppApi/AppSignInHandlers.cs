using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Domain.Sessions;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Audit;
using ConnecXPortal.Web.Features.Factors;
using ConnecXPortal.Web.Features.Factors.EmailCode;
using ConnecXPortal.Web.Features.Factors.Totp;
using ConnecXPortal.Web.Features.Observability;
using ConnecXPortal.Web.Features.Sessions;
using ConnecXPortal.Web.Features.SignIn;
using ConnecXPortal.Web.Features.Throttling;
using Microsoft.EntityFrameworkCore;

namespace ConnecXPortal.Web.Features.AppApi;

/// <summary>The sign-in flow: the password, then an emailed code or another second factor.</summary>
internal static class AppSignInHandlers
{
    public static async Task<IResult> SignInAsync(
        SignInRequest request,
        HttpContext http,
        PasswordSignIn passwords,
        SecondFactors factors,
        SignInTickets tickets,
        AppSessions appSessions,
        Throttle throttle,
        CancellationToken cancellationToken)
    {
        if (throttle.AttemptAccount(ThrottleAction.SignIn, Throttle.EmailKey(request.Email)) is { Allowed: false } refused)
        {
            return AppApiRateLimits.TooManyAttempts(refused).ToResult();
        }

        var result = await passwords.CheckAsync(request.Email.Trim(), request.Password, SignInClient.App, cancellationToken);
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
                return TypedResults.Ok(AppEnrolmentHandlers.EnrolmentRequiredResponse(
                    await tickets.IssueAsync(user, SignInTicketStage.Enrolment, client, deviceName), SignInTickets.Lifetime, mailboxVerified: false));
            default:
                var signedIn = await appSessions.SignInAsync(user, SignInMethod.Password, client, deviceName, cancellationToken);
                return TypedResults.Ok(new SignInResponse(SignInStatus.SignedIn) { Tokens = signedIn });
        }
    }

    public static async Task<IResult> SendEmailCodeAsync(
        TicketRequest request,
        HttpContext http,
        SignInTickets tickets,
        SecondFactors factors,
        EmailCodes emailCodes,
        CancellationToken cancellationToken)
    {
        var (ticket, user, problem) = await AppTicketSteps.ReadTicketAsync(request.Ticket, http, tickets);
        if (problem is not null)
        {
            return problem.ToResult();
        }

        if (ticket!.Stage != SignInTicketStage.SecondFactor)
        {
            return AppTicketSteps.EnrolmentRequired().ToResult();
        }

        if (!await factors.HasAsync(user!.Id, FactorKind.EmailCode, cancellationToken))
        {
            return AppProblems.Create(AppError.MethodNotAvailable, "This account does not use email codes. Verify another way.").ToResult();
        }

        return await AppTicketSteps.SendAsync(emailCodes, user, ticket, EmailCodePurpose.SignIn, cancellationToken);
    }

    public static async Task<IResult> VerifySecondFactorAsync(
        SecondFactorRequest request,
        HttpContext http,
        SignInTickets tickets,
        SecondFactors factors,
        SecondFactorVerifier verifier,
        AppSessions appSessions,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var (ticket, user, problem) = await AppTicketSteps.ReadTicketAsync(request.Ticket, http, tickets);
        if (problem is not null)
        {
            return problem.ToResult();
        }

        if (AppTicketSteps.SecondFactorAttempt(http, user!) is { } refused)
        {
            return refused.ToResult();
        }

        if (ticket!.Stage != SignInTicketStage.SecondFactor)
        {
            return AppTicketSteps.EnrolmentRequired().ToResult();
        }

        var method = request.Method!.Value;
        var available = MethodsOf(await factors.ListAsync(user!.Id, cancellationToken));
        if (!available.Contains(method))
        {
            return AppProblems.Create(AppError.MethodNotAvailable, "This account cannot verify that way. Use one of the methods the sign-in offered.").ToResult();
        }

        var result = await verifier.VerifyCodeAsync(user, ChallengeMethodOf(method), request.Code, ticket.AttemptId, afterPassword: true);
        switch (result.Outcome)
        {
            case VerificationOutcome.Verified when !await tickets.ClaimAsync(ticket, cancellationToken):
                return AppTicketSteps.UsedTicket().ToResult();
            case VerificationOutcome.Verified:
                var signedIn = await appSessions.SignInAsync(user, result.Method!.Value, AppClient.Of(http), ticket.DeviceName, cancellationToken);
                return TypedResults.Ok(new SignInResponse(SignInStatus.SignedIn) { Tokens = signedIn });
            case VerificationOutcome.LockedOut:
                return LockedOut(user.LockoutEnd, clock).ToResult();
            default:
                return result.Message == SecondFactorVerifier.NoEmailCode
                    ? AppTicketSteps.CodeExpired().ToResult()
                    : AppProblems.Create(AppError.InvalidCode, result.Message ?? SecondFactorVerifier.WrongCode).ToResult();
        }
    }

    private static string DefaultDeviceName(AppClient client) => client.Platform switch
    {
        AppPlatform.Android => "Android device",
        AppPlatform.Ios => "iOS device",
        _ => $"{client.Brand} device",
    };

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
}
