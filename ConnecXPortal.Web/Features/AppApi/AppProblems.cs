using System.Text.Json.Serialization;
using ConnecXPortal.Domain.Sessions;
using ConnecXPortal.Web.Features.Sessions;

namespace ConnecXPortal.Web.Features.AppApi;

/// <summary>
/// The stable, machine-readable error codes of the apps' API (the <c>error</c> member of every problem body). Apps
/// branch on these, never on the wording of <c>title</c> or <c>detail</c>; an existing code never changes meaning.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<AppError>))]
public enum AppError
{
    /// <summary>400: fields or headers are missing or wrong; <c>errors</c> names each one.</summary>
    [JsonStringEnumMemberName("validation_failed")]
    ValidationFailed,

    /// <summary>400: the body is not JSON of the expected shape.</summary>
    [JsonStringEnumMemberName("invalid_request")]
    InvalidRequest,

    /// <summary>401: the email or password is not right; also for unknown emails, and for any password while the account is locked.</summary>
    [JsonStringEnumMemberName("invalid_credentials")]
    InvalidCredentials,

    /// <summary>403: this sign-in must verify a second factor the account already has, not set one up.</summary>
    [JsonStringEnumMemberName("second_factor_required")]
    SecondFactorRequired,

    /// <summary>403: the account has no second factor yet; set one up with the enrolment calls.</summary>
    [JsonStringEnumMemberName("enrolment_required")]
    EnrolmentRequired,

    /// <summary>
    /// 403: the account has no factor yet and must confirm its email address (a code sent by the mailbox call) before
    /// it sets up an authenticator app; setting up email codes needs no confirmation.
    /// </summary>
    [JsonStringEnumMemberName("mailbox_verification_required")]
    MailboxVerificationRequired,

    /// <summary>400: the account cannot verify with the chosen method (it is not set up, or the app cannot use it).</summary>
    [JsonStringEnumMemberName("method_not_available")]
    MethodNotAvailable,

    /// <summary>401: the code is not right, or was used before.</summary>
    [JsonStringEnumMemberName("invalid_code")]
    InvalidCode,

    /// <summary>401: no emailed code can be used any more (expired, replaced by a newer one, or too many wrong entries): send a new one.</summary>
    [JsonStringEnumMemberName("code_expired")]
    CodeExpired,

    /// <summary>400: the authenticator set-up token is not valid any more: start the set-up again.</summary>
    [JsonStringEnumMemberName("setup_expired")]
    SetupExpired,

    /// <summary>429: too many codes were emailed recently; <c>retryAfter</c> says when the next one can be sent.</summary>
    [JsonStringEnumMemberName("too_many_codes")]
    TooManyCodes,

    /// <summary>429: too many requests for this account or from this address; <c>retryAfter</c> says when to try again.</summary>
    [JsonStringEnumMemberName("too_many_attempts")]
    TooManyAttempts,

    /// <summary>423: too many failed attempts (password or second factor) locked the account; only said at the second factor, after a right password.</summary>
    [JsonStringEnumMemberName("locked_out")]
    LockedOut,

    /// <summary>401: the sign-in ticket is not valid (tampered with, from another device, already used, or the account changed): sign in again.</summary>
    [JsonStringEnumMemberName("invalid_ticket")]
    InvalidTicket,

    /// <summary>401: the sign-in took longer than 15 minutes: sign in again.</summary>
    [JsonStringEnumMemberName("ticket_expired")]
    TicketExpired,

    /// <summary>401: no access token, or not a valid one for this device: refresh, or sign in again.</summary>
    [JsonStringEnumMemberName("invalid_token")]
    InvalidToken,

    /// <summary>401: the access token expired: refresh it.</summary>
    [JsonStringEnumMemberName("token_expired")]
    TokenExpired,

    /// <summary>401: the refresh token is unknown, or not this device's: sign in again.</summary>
    [JsonStringEnumMemberName("invalid_refresh_token")]
    InvalidRefreshToken,

    /// <summary>401: the session has ended; <c>reason</c> says why (for example <c>mfa_cutover</c>): sign in again.</summary>
    [JsonStringEnumMemberName("session_ended")]
    SessionEnded,

    /// <summary>426: this app version is no longer supported: the user must update the app.</summary>
    [JsonStringEnumMemberName("upgrade_required")]
    UpgradeRequired,

    /// <summary>404: there is no such call.</summary>
    [JsonStringEnumMemberName("not_found")]
    NotFound,

    /// <summary>405: the call exists with another HTTP method.</summary>
    [JsonStringEnumMemberName("method_not_allowed")]
    MethodNotAllowed,

    /// <summary>415: send JSON (Content-Type: application/json).</summary>
    [JsonStringEnumMemberName("unsupported_media_type")]
    UnsupportedMediaType,

    /// <summary>500: something went wrong on connecX's side; try again later.</summary>
    [JsonStringEnumMemberName("server_error")]
    ServerError,
}

/// <summary>Why a session ended, as the <c>reason</c> of a <c>session_ended</c> problem.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AppSessionEndReason>))]
public enum AppSessionEndReason
{
    [JsonStringEnumMemberName("signed_out")]
    SignedOut,

    [JsonStringEnumMemberName("ended_by_user")]
    EndedByUser,

    [JsonStringEnumMemberName("ended_by_support")]
    EndedBySupport,

    [JsonStringEnumMemberName("password_reset")]
    PasswordReset,

    [JsonStringEnumMemberName("mfa_cutover")]
    MfaCutover,

    [JsonStringEnumMemberName("idle_timeout")]
    IdleTimeout,

    [JsonStringEnumMemberName("expired")]
    Expired,

    [JsonStringEnumMemberName("refresh_token_reused")]
    RefreshTokenReused,

    [JsonStringEnumMemberName("password_changed")]
    PasswordChanged,

    /// <summary>The account's sign-in methods changed elsewhere. Portal sessions only today: a factor change leaves app sessions signed in.</summary>
    [JsonStringEnumMemberName("factors_changed")]
    FactorsChanged,

    /// <summary>The session reached its absolute lifetime (AppApi:SessionAbsoluteLifetime, a year by default), however often it was refreshed.</summary>
    [JsonStringEnumMemberName("absolute_lifetime")]
    AbsoluteLifetime,
}

/// <summary>
/// A problem details body (RFC 9457, <c>application/problem+json</c>) with the API's extensions: <c>error</c> (always),
/// <c>errors</c> (field errors), <c>reason</c> (why a session ended), <c>retryAfter</c> (seconds) and
/// <c>minimumVersion</c> (for 426).
/// </summary>
public sealed record AppProblem
{
    public const string ContentType = "application/problem+json";

    /// <summary>A URI naming the problem type: <c>urn:connecx:app-api:</c> and the error code.</summary>
    public required string Type { get; init; }

    /// <summary>A short summary, the same for every occurrence of the error code.</summary>
    public required string Title { get; init; }

    public required int Status { get; init; }

    /// <summary>What happened and what the user can do, in words the app can show.</summary>
    public required string Detail { get; init; }

    /// <summary>The stable error code.</summary>
    public required AppError Error { get; init; }

    /// <summary>For <c>session_ended</c>: why the session ended.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public AppSessionEndReason? Reason { get; init; }

    /// <summary>For <c>validation_failed</c>: the messages for each field or header, by name.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }

    /// <summary>For 423 and 429: seconds to wait before trying again (also in the Retry-After header).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? RetryAfter { get; init; }

    /// <summary>For <c>upgrade_required</c>: the oldest app version that works.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MinimumVersion { get; init; }
}

/// <summary>Builds and writes the API's problems, so every error has the same shape and a stable code.</summary>
public static class AppProblems
{
    private static readonly Dictionary<AppError, (int Status, string Title)> Catalogue = new()
    {
        [AppError.ValidationFailed] = (400, "Some fields are missing or not valid."),
        [AppError.InvalidRequest] = (400, "The request could not be read."),
        [AppError.InvalidCredentials] = (401, "The email or password is not right."),
        [AppError.SecondFactorRequired] = (403, "Verify your second factor to sign in."),
        [AppError.EnrolmentRequired] = (403, "Set up a second factor to sign in."),
        [AppError.MailboxVerificationRequired] = (403, "Confirm your email address first."),
        [AppError.MethodNotAvailable] = (400, "That way of verifying is not available for this account."),
        [AppError.InvalidCode] = (401, "The code is not right."),
        [AppError.CodeExpired] = (401, "The code can no longer be used."),
        [AppError.SetupExpired] = (400, "The set-up has expired."),
        [AppError.TooManyCodes] = (429, "Too many codes were sent."),
        [AppError.TooManyAttempts] = (429, "Too many attempts."),
        [AppError.LockedOut] = (423, "Your account is locked for now."),
        [AppError.InvalidTicket] = (401, "This sign-in is not valid."),
        [AppError.TicketExpired] = (401, "This sign-in has expired."),
        [AppError.InvalidToken] = (401, "The access token is not valid."),
        [AppError.TokenExpired] = (401, "The access token has expired."),
        [AppError.InvalidRefreshToken] = (401, "The refresh token is not valid."),
        [AppError.SessionEnded] = (401, "Your session has ended."),
        [AppError.UpgradeRequired] = (426, "Update the app to keep using connecX."),
        [AppError.NotFound] = (404, "There is no such call."),
        [AppError.MethodNotAllowed] = (405, "This call does not take that HTTP method."),
        [AppError.UnsupportedMediaType] = (415, "Send the request as JSON."),
        [AppError.ServerError] = (500, "Something went wrong on our side."),
    };

    private static readonly Dictionary<AppError, string> Codes = Enum.GetValues<AppError>().ToDictionary(
        e => e,
        e => typeof(AppError).GetField(e.ToString())!.GetCustomAttributes(typeof(JsonStringEnumMemberNameAttribute), false)
            .Cast<JsonStringEnumMemberNameAttribute>().Single().Name);

    /// <summary>Every error code, for the OpenAPI document.</summary>
    public static IEnumerable<AppError> All => Catalogue.Keys;

    public static int StatusOf(AppError error) => Catalogue[error].Status;

    /// <summary>The code as it appears in the JSON (<c>invalid_credentials</c>).</summary>
    public static string CodeOf(AppError error) => Codes[error];

    public static AppProblem Create(AppError error, string detail) => new()
    {
        Type = $"urn:connecx:app-api:{CodeOf(error)}",
        Title = Catalogue[error].Title,
        Status = StatusOf(error),
        Detail = detail,
        Error = error,
    };

    public static AppProblem Validation(IReadOnlyDictionary<string, string[]> errors) =>
        Create(AppError.ValidationFailed, "Correct the fields listed in errors and try again.") with { Errors = errors };

    /// <summary>A session that has ended, with the same words the portal's sign-in page uses for the reason.</summary>
    public static AppProblem SessionEnded(SessionEndReason reason)
    {
        var detail = reason switch
        {
            SessionEndReason.RefreshTokenReused =>
                "For your security this sign-in was ended, because it was used from two places at once. Sign in again to continue.",
            SessionEndReason.AbsoluteLifetime =>
                "For your security connecX asks you to sign in again from time to time, and this sign-in has reached its limit. Sign in again to continue.",
            _ => SignInMessages.For(SignInMessages.ForSessionEnd(reason)) ?? "Your session has ended. Sign in to continue.",
        };
        return Create(AppError.SessionEnded, detail) with { Reason = ReasonOf(reason) };
    }

    public static AppSessionEndReason ReasonOf(SessionEndReason reason) => reason switch
    {
        SessionEndReason.SignedOut => AppSessionEndReason.SignedOut,
        SessionEndReason.EndedByUser => AppSessionEndReason.EndedByUser,
        SessionEndReason.EndedBySupport => AppSessionEndReason.EndedBySupport,
        SessionEndReason.PasswordReset => AppSessionEndReason.PasswordReset,
        SessionEndReason.MfaCutover => AppSessionEndReason.MfaCutover,
        SessionEndReason.IdleTimeout => AppSessionEndReason.IdleTimeout,
        SessionEndReason.Expired => AppSessionEndReason.Expired,
        SessionEndReason.RefreshTokenReused => AppSessionEndReason.RefreshTokenReused,
        SessionEndReason.PasswordChanged => AppSessionEndReason.PasswordChanged,
        SessionEndReason.FactorsChanged => AppSessionEndReason.FactorsChanged,
        SessionEndReason.AbsoluteLifetime => AppSessionEndReason.AbsoluteLifetime,
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Unknown session end reason."),
    };

    /// <summary>The problem as an endpoint result (with Retry-After when it says how long to wait).</summary>
    public static IResult ToResult(this AppProblem problem) => new ProblemResult(problem);

    /// <summary>Writes the problem as the response (for middleware, where there is no endpoint result).</summary>
    public static Task WriteAsync(HttpContext context, AppProblem problem)
    {
        context.Response.StatusCode = problem.Status;
        if (problem.RetryAfter is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, AppProblem.ContentType, context.RequestAborted);
    }

    private sealed class ProblemResult(AppProblem problem) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => WriteAsync(httpContext, problem);
    }
}
