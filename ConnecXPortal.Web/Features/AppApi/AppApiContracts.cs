using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace ConnecXPortal.Web.Features.AppApi;

/// <summary>The ways an app can verify a second factor.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AppFactorMethod>))]
public enum AppFactorMethod
{
    [JsonStringEnumMemberName("authenticator_app")]
    AuthenticatorApp,

    [JsonStringEnumMemberName("email_code")]
    EmailCode,

    [JsonStringEnumMemberName("recovery_code")]
    RecoveryCode,
}

/// <summary>Where a sign-in stands after a step.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SignInStatus>))]
public enum SignInStatus
{
    /// <summary>Verify one of <c>methods</c> with the ticket (second-factor call; email codes need the send call first).</summary>
    [JsonStringEnumMemberName("second_factor_required")]
    SecondFactorRequired,

    /// <summary>The account has no second factor yet: set up one of <c>methods</c> with the ticket (enrolment calls).</summary>
    [JsonStringEnumMemberName("enrolment_required")]
    EnrolmentRequired,

    /// <summary>Done: <c>tokens</c> holds the access and refresh tokens.</summary>
    [JsonStringEnumMemberName("signed_in")]
    SignedIn,
}

/// <summary>The longest value each request field takes; longer ones are a validation problem, never read further.</summary>
public static class AppRequestLimits
{
    public const int Email = 256;
    public const int Password = 128;
    public const int Ticket = 4096;
    public const int Code = 64;
    public const int DeviceName = 200;
    public const int RefreshToken = 256;
}

[Description("Email and password: the first step of every sign-in.")]
public sealed record SignInRequest
{
    [Required(ErrorMessage = "Enter your email address.")]
    [StringLength(AppRequestLimits.Email, ErrorMessage = "An email address has at most {1} characters.")]
    [Description("The account's email address.")]
    public string Email { get; init; } = "";

    [Required(ErrorMessage = "Enter your password.")]
    [StringLength(AppRequestLimits.Password, ErrorMessage = "A password has at most {1} characters.")]
    [Description("The account's password.")]
    public string Password { get; init; } = "";

    [StringLength(AppRequestLimits.DeviceName, ErrorMessage = "A device name has at most {1} characters.")]
    [Description("The device's name as the user knows it (\"Pixel 8\"); shown on Devices and sessions. Optional.")]
    public string? DeviceName { get; init; }
}

[Description("The sign-in ticket from the sign-in call.")]
public sealed record TicketRequest
{
    [Required(ErrorMessage = "Send the ticket from the sign-in call.")]
    [StringLength(AppRequestLimits.Ticket, ErrorMessage = "The ticket is too long.")]
    [Description("The ticket from the sign-in call.")]
    public string Ticket { get; init; } = "";
}

[Description("A second factor for the sign-in ticket.")]
public sealed record SecondFactorRequest
{
    [Required(ErrorMessage = "Send the ticket from the sign-in call.")]
    [StringLength(AppRequestLimits.Ticket, ErrorMessage = "The ticket is too long.")]
    [Description("The ticket from the sign-in call.")]
    public string Ticket { get; init; } = "";

    [Required(ErrorMessage = "Choose how to verify: authenticator_app, email_code or recovery_code.")]
    [Description("How the user verifies: authenticator_app, email_code or recovery_code.")]
    public AppFactorMethod? Method { get; init; }

    [Required(ErrorMessage = "Enter the code.")]
    [StringLength(AppRequestLimits.Code, ErrorMessage = "A code has at most {1} characters.")]
    [Description("The 6-digit code, or a recovery code.")]
    public string Code { get; init; } = "";
}

[Description("The code that proves the authenticator app was set up.")]
public sealed record AuthenticatorVerifyRequest
{
    [Required(ErrorMessage = "Send the ticket from the sign-in call.")]
    [StringLength(AppRequestLimits.Ticket, ErrorMessage = "The ticket is too long.")]
    [Description("The ticket from the sign-in call.")]
    public string Ticket { get; init; } = "";

    [Required(ErrorMessage = "Send the setupToken from the set-up call.")]
    [StringLength(AppRequestLimits.Ticket, ErrorMessage = "The setup token is too long.")]
    [Description("The setupToken from the authenticator set-up call.")]
    public string SetupToken { get; init; } = "";

    [Required(ErrorMessage = "Enter the 6-digit code the authenticator app shows.")]
    [StringLength(AppRequestLimits.Code, ErrorMessage = "A code has at most {1} characters.")]
    [Description("The 6-digit code the authenticator app shows.")]
    public string Code { get; init; } = "";
}

[Description("The emailed code that proves the email address.")]
public sealed record CodeRequest
{
    [Required(ErrorMessage = "Send the ticket from the sign-in call.")]
    [StringLength(AppRequestLimits.Ticket, ErrorMessage = "The ticket is too long.")]
    [Description("The ticket from the sign-in call.")]
    public string Ticket { get; init; } = "";

    [Required(ErrorMessage = "Enter the 6-digit code from the email.")]
    [StringLength(AppRequestLimits.Code, ErrorMessage = "A code has at most {1} characters.")]
    [Description("The 6-digit code from the email.")]
    public string Code { get; init; } = "";
}

[Description("A refresh token to exchange.")]
public sealed record RefreshRequest
{
    [Required(ErrorMessage = "Send the refresh token.")]
    [StringLength(AppRequestLimits.RefreshToken, ErrorMessage = "The refresh token is too long.")]
    [Description("The newest refresh token of this installation; it works once.")]
    public string RefreshToken { get; init; } = "";
}

[Description("The tokens of a signed-in app.")]
public sealed record TokenResponse(
    [property: Description("Always Bearer.")] string TokenType,
    [property: Description("Send as Authorization: Bearer <accessToken>. Opaque: do not parse it.")] string AccessToken,
    [property: Description("Seconds until the access token expires.")] int ExpiresIn,
    [property: Description("Exchange it at the refresh call for new tokens. Works once; keep it in the device's secure storage.")] string RefreshToken,
    [property: Description("Seconds until the refresh token lapses if it is not used.")] int RefreshTokenExpiresIn,
    [property: Description("The server-side session these tokens belong to.")] Guid SessionId);

[Description("Where a sign-in stands.")]
public sealed record SignInResponse(
    [property: Description("second_factor_required, enrolment_required or signed_in.")] SignInStatus Status)
{
    [Description("The sign-in ticket for the next step (not when signed_in). Valid 15 minutes from the password, on this installation only.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Ticket { get; init; }

    [Description("Seconds until the ticket expires.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? TicketExpiresIn { get; init; }

    [Description("The methods this account can verify with (second_factor_required) or set up (enrolment_required).")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<AppFactorMethod>? Methods { get; init; }

    [Description("The account's default method, to offer first.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public AppFactorMethod? DefaultMethod { get; init; }

    [Description("For enrolment_required: whether this sign-in confirmed the account's email address (mailbox calls). An authenticator " +
        "app can only be set up once it has; setting up email codes confirms the address itself.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? MailboxVerified { get; init; }

    [Description("The tokens, once signed_in.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TokenResponse? Tokens { get; init; }

    [Description("After setting up the first second factor: the 10 recovery codes, shown this once. Ask the user to save them.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? RecoveryCodes { get; init; }
}

[Description("An emailed code is on its way.")]
public sealed record CodeSentResponse(
    [property: Description("Seconds the code works for.")] int CodeExpiresIn,
    [property: Description("Seconds before another code can be sent.")] int ResendAfter);

[Description("A new authenticator key to add to the user's authenticator app.")]
public sealed record AuthenticatorSetupResponse(
    [property: Description("The key in Base32, for typing into the app.")] string Key,
    [property: Description("The key in groups of four, for showing to the user.")] string FormattedKey,
    [property: Description("The otpauth:// URI (issuer connecX): open it or show it as a QR code.")] string OtpauthUri,
    [property: Description("Send it back with the first code to finish the set-up (valid 30 minutes).")] string SetupToken);

[Description("The signed-in user and this session.")]
public sealed record SessionResponse(
    [property: Description("The user's id.")] Guid UserId,
    [property: Description("The user's email address.")] string Email,
    [property: Description("The user's name.")] string Name,
    [property: Description("This session.")] SessionInfo Session);

[Description("A server-side app session.")]
public sealed record SessionInfo(
    Guid Id,
    AppPlatform Platform,
    [property: Description("The white-label brand, if any.")] string? Brand,
    [property: Description("The device's name.")] string Device,
    [property: Description("The app version the session last refreshed with.")] string? AppVersion,
    [property: Description("How the user verified, in words (\"Password and authenticator app\").")] string SignInMethod,
    DateTimeOffset SignedInAt,
    [property: Description("When the session lapses unless the app refreshes before then.")] DateTimeOffset ExpiresAt);
