using Microsoft.Extensions.Options;

namespace ConnecXPortal.Web.Features.Throttling;

/// <summary>
/// The limits on every path that works without a session (appsettings.json, section RateLimits). Each limit is a
/// burst of that many requests, then one more every <c>Window / limit</c>; the rules and reasons are in README.md.
/// </summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>The password step (portal form, app API) and "Sign in with a passkey" (per address only).</summary>
    public RateLimit SignIn { get; set; } = new() { PerAccount = 10, PerAddress = 150, Window = TimeSpan.FromMinutes(5) };

    /// <summary>Entering a second factor: a code or passkey on the challenge, and the app API's code and set-up steps.</summary>
    public RateLimit SecondFactor { get; set; } = new() { PerAccount = 10, PerAddress = 150, Window = TimeSpan.FromMinutes(5) };

    /// <summary>Asking for an emailed code (on top of the code policy: 60 seconds apart, 5 an hour per account).</summary>
    public RateLimit EmailCodes { get; set; } = new() { PerAccount = 10, PerAddress = 50, Window = TimeSpan.FromMinutes(15) };

    /// <summary>Choosing a password from a reset or activation link.</summary>
    public RateLimit AccountLinks { get; set; } = new() { PerAccount = 10, PerAddress = 50, Window = TimeSpan.FromMinutes(15) };

    /// <summary>The WebAuthn options a browser asks for before using or creating a passkey.</summary>
    public RateLimit PasskeyOptions { get; set; } = new() { PerAccount = 30, PerAddress = 150, Window = TimeSpan.FromMinutes(5) };

    /// <summary>"Forgot your password" and "Send me a new link", and the emails they and invitations send.</summary>
    public AccountEmailRateLimit AccountEmails { get; set; } = new();

    /// <summary>Invitations and resent invitations, per inviter.</summary>
    public InvitationRateLimit Invitations { get; set; } = new();

    /// <summary>The apps' token refresh, per address (a refresh token is a 256-bit secret: there is no account to guess).</summary>
    public AddressRateLimit AppRefresh { get; set; } = new() { PerAddress = 600, Window = TimeSpan.FromMinutes(5) };
}

public sealed class RateLimit
{
    /// <summary>Requests for one account (email address or user).</summary>
    public int PerAccount { get; set; }

    /// <summary>Requests from one client address (IPv4 address or IPv6 /64).</summary>
    public int PerAddress { get; set; }

    public TimeSpan Window { get; set; }
}

public sealed class AddressRateLimit
{
    public int PerAddress { get; set; }

    public TimeSpan Window { get; set; }
}

public sealed class AccountEmailRateLimit
{
    /// <summary>Requests from one client address per <see cref="Window"/>.</summary>
    public int PerAddress { get; set; } = 20;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Password-reset and activation emails to one email address per <see cref="RecipientWindow"/>, across instances.</summary>
    public int PerRecipient { get; set; } = 3;

    public TimeSpan RecipientWindow { get; set; } = TimeSpan.FromHours(1);
}

public sealed class InvitationRateLimit
{
    /// <summary>Invitations (new or resent) one support user or building manager sends per <see cref="Window"/>.</summary>
    public int PerInviter { get; set; } = 60;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>Stops the portal at start when a limit is out of range, naming the key.</summary>
internal sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    private const int MaxPermits = 1_000_000;
    private static readonly TimeSpan MinWindow = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxWindow = TimeSpan.FromDays(1);

    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        var failures = new List<string>();
        foreach (var (key, limit) in new[]
                 {
                     (nameof(options.SignIn), options.SignIn),
                     (nameof(options.SecondFactor), options.SecondFactor),
                     (nameof(options.EmailCodes), options.EmailCodes),
                     (nameof(options.AccountLinks), options.AccountLinks),
                     (nameof(options.PasskeyOptions), options.PasskeyOptions),
                 })
        {
            Permits(failures, $"{key}:{nameof(RateLimit.PerAccount)}", limit?.PerAccount);
            Permits(failures, $"{key}:{nameof(RateLimit.PerAddress)}", limit?.PerAddress);
            Window(failures, $"{key}:{nameof(RateLimit.Window)}", limit?.Window, MinWindow, MaxWindow);
        }

        var emails = options.AccountEmails;
        Permits(failures, $"{nameof(options.AccountEmails)}:{nameof(AccountEmailRateLimit.PerAddress)}", emails?.PerAddress);
        Window(failures, $"{nameof(options.AccountEmails)}:{nameof(AccountEmailRateLimit.Window)}", emails?.Window, MinWindow, MaxWindow);
        if (emails?.PerRecipient is not (>= 1 and <= 100))
        {
            failures.Add($"{RateLimitOptions.SectionName}:{nameof(options.AccountEmails)}:{nameof(AccountEmailRateLimit.PerRecipient)} must be between 1 and 100; it is {emails?.PerRecipient}.");
        }

        Window(failures, $"{nameof(options.AccountEmails)}:{nameof(AccountEmailRateLimit.RecipientWindow)}", emails?.RecipientWindow,
            TimeSpan.FromMinutes(1), TimeSpan.FromDays(7));
        Permits(failures, $"{nameof(options.Invitations)}:{nameof(InvitationRateLimit.PerInviter)}", options.Invitations?.PerInviter);
        Window(failures, $"{nameof(options.Invitations)}:{nameof(InvitationRateLimit.Window)}", options.Invitations?.Window, MinWindow, MaxWindow);
        Permits(failures, $"{nameof(options.AppRefresh)}:{nameof(AddressRateLimit.PerAddress)}", options.AppRefresh?.PerAddress);
        Window(failures, $"{nameof(options.AppRefresh)}:{nameof(AddressRateLimit.Window)}", options.AppRefresh?.Window, MinWindow, MaxWindow);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Permits(List<string> failures, string key, int? value)
    {
        if (value is not (>= 1 and <= MaxPermits))
        {
            failures.Add($"{RateLimitOptions.SectionName}:{key} must be a whole number between 1 and {MaxPermits}; it is {value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "missing"}.");
        }
    }

    private static void Window(List<string> failures, string key, TimeSpan? value, TimeSpan min, TimeSpan max)
    {
        if (value is not { } window || window < min || window > max)
        {
            failures.Add($"{RateLimitOptions.SectionName}:{key} must be a duration between {min:c} and {max:c}; it is {value?.ToString("c") ?? "missing"}.");
        }
    }
}
