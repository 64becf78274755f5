using System.ComponentModel.DataAnnotations;
using ConnecXPortal.Domain.Apps;
using ConnecXPortal.Domain.Sessions;
using Microsoft.Extensions.Options;

namespace ConnecXPortal.Web.Features.AppApi;

/// <summary>The apps' session API (appsettings.json, section AppApi).</summary>
public sealed class AppApiOptions
{
    public const string SectionName = "AppApi";

    /// <summary>How long an access token works; the app refreshes it with its refresh token.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "01:00:00", ErrorMessage = "AppApi:AccessTokenLifetime must be between 1 minute and 1 hour.")]
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a refresh token works; every refresh issues a new one, so an app in use stays signed in.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "365.00:00:00", ErrorMessage = "AppApi:RefreshTokenLifetime must be between 1 and 365 days.")]
    public TimeSpan RefreshTokenLifetime { get; set; } = RefreshTokenRules.DefaultLifetime;

    /// <summary>
    /// How long an app session lasts at most, however often it is refreshed: then the user signs in again (and verifies
    /// a second factor), so a stolen refresh token chain cannot live for ever.
    /// </summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00", ErrorMessage = "AppApi:SessionAbsoluteLifetime must be between 1 and 3650 days.")]
    public TimeSpan SessionAbsoluteLifetime { get; set; } = SessionPolicy.DefaultAppAbsoluteLifetime;

    /// <summary>
    /// The white-label brands whose apps may use the API, as they send them in X-App-Brand ("Acme Living"); matched
    /// ignoring case and stored as written here. Empty: no white-label app may sign in.
    /// </summary>
    [Required]
    public List<string> Brands { get; set; } = [];

    /// <summary>The configured brand matching <paramref name="brand"/> (ignoring case), or null.</summary>
    public string? BrandNamed(string brand) => Brands.FirstOrDefault(b => string.Equals(b.Trim(), brand, StringComparison.OrdinalIgnoreCase))?.Trim();

    /// <summary>The oldest app version each platform may use ("3.0.0"); older apps are told to update (426).</summary>
    [Required]
    public AppMinimumVersions MinimumVersions { get; set; } = new();

    /// <summary>The minimum version of <paramref name="client"/>'s app.</summary>
    public Version MinimumVersionFor(SessionClient client)
    {
        var text = client switch
        {
            SessionClient.Android => MinimumVersions.Android,
            SessionClient.Ios => MinimumVersions.Ios,
            SessionClient.WhiteLabel => MinimumVersions.WhiteLabel,
            _ => throw new ArgumentOutOfRangeException(nameof(client), client, "The portal has no app version."),
        };
        return AppVersions.TryParse(text, out var version) ? version : throw new InvalidOperationException($"AppApi:MinimumVersions:{client} is not a version.");
    }
}

/// <summary>The oldest app version each platform may use.</summary>
public sealed class AppMinimumVersions
{
    public string Android { get; set; } = "3.0.0";

    public string Ios { get; set; } = "3.0.0";

    public string WhiteLabel { get; set; } = "3.0.0";
}

/// <summary>Stops the portal at start when a minimum version is not a version, naming the key.</summary>
internal sealed class AppApiOptionsValidator : IValidateOptions<AppApiOptions>
{
    public ValidateOptionsResult Validate(string? name, AppApiOptions options)
    {
        var failures = new List<string>();
        foreach (var (key, value) in new[]
                 {
                     (nameof(AppMinimumVersions.Android), options.MinimumVersions?.Android),
                     (nameof(AppMinimumVersions.Ios), options.MinimumVersions?.Ios),
                     (nameof(AppMinimumVersions.WhiteLabel), options.MinimumVersions?.WhiteLabel),
                 })
        {
            if (!AppVersions.TryParse(value, out _))
            {
                failures.Add($"AppApi:MinimumVersions:{key} must be an app version such as 3.0.0 (two to four whole numbers separated by dots); it is '{value}'.");
            }
        }

        var brands = options.Brands ?? [];
        for (var i = 0; i < brands.Count; i++)
        {
            var brand = brands[i]?.Trim() ?? "";
            if (brand.Length == 0 || brand.Length > AppClient.MaxBrandLength || brand.Any(char.IsControl))
            {
                failures.Add($"AppApi:Brands:{i} must be a brand of 1 to {AppClient.MaxBrandLength} visible characters, as the app sends it in X-App-Brand; it is '{brands[i]}'.");
            }
            else if (brands.Take(i).Any(b => string.Equals(b?.Trim(), brand, StringComparison.OrdinalIgnoreCase)))
            {
                failures.Add($"AppApi:Brands:{i} repeats the brand '{brand}'.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
