using System.Text.Json.Serialization;
using ConnecXPortal.Domain.Apps;
using ConnecXPortal.Domain.Sessions;

namespace ConnecXPortal.Web.Features.AppApi;

/// <summary>The app platforms, as the <c>X-App-Platform</c> header and the JSON name them.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AppPlatform>))]
public enum AppPlatform
{
    [JsonStringEnumMemberName("android")]
    Android,

    [JsonStringEnumMemberName("ios")]
    Ios,

    [JsonStringEnumMemberName("white-label")]
    WhiteLabel,
}

/// <summary>
/// Which app is calling, from the headers every call carries: the installation's id, the platform, the white-label
/// brand and the app version. Sign-in tickets, refresh tokens and access tokens are bound to the installation,
/// platform and brand; the version decides whether the app is still supported.
/// </summary>
public sealed record AppClient(string DeviceId, SessionClient Client, string? Brand, Version AppVersion)
{
    public const string DeviceIdHeader = "X-Device-Id";
    public const string PlatformHeader = "X-App-Platform";
    public const string VersionHeader = "X-App-Version";
    public const string BrandHeader = "X-App-Brand";

    public const int MaxDeviceIdLength = 128;
    public const int MaxBrandLength = 64;

    /// <summary>The version as stored on the session and the refresh token ("3.2.0").</summary>
    public string AppVersionText => AppVersions.Display(AppVersion);

    public AppPlatform Platform => PlatformOf(Client);

    /// <summary>"Android app", "iOS app", "Acme Living app": for the audit log.</summary>
    public string DisplayName => Client == SessionClient.WhiteLabel ? $"{Brand} app" : Client.DisplayName();

    public PresentingApp ToPresenting() => new(DeviceId, Client, Brand, AppVersion);

    public static AppPlatform PlatformOf(SessionClient client) => client switch
    {
        SessionClient.Android => AppPlatform.Android,
        SessionClient.Ios => AppPlatform.Ios,
        SessionClient.WhiteLabel => AppPlatform.WhiteLabel,
        _ => throw new ArgumentOutOfRangeException(nameof(client), client, "The portal is not an app."),
    };

    /// <summary>Reads the headers; the client, or the problems with each header by name.</summary>
    /// <param name="headers">The request's headers.</param>
    /// <param name="brandNamed">The configured brand a white-label app's X-App-Brand names, or null when none does.</param>
    public static (AppClient? Client, Dictionary<string, string[]> Errors) Read(IHeaderDictionary headers, Func<string, string?> brandNamed)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(brandNamed);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);

        var deviceId = headers[DeviceIdHeader].ToString().Trim();
        if (deviceId.Length == 0)
        {
            errors[DeviceIdHeader] = ["Send the app installation's id in the X-Device-Id header."];
        }
        else if (deviceId.Length > MaxDeviceIdLength || !deviceId.All(c => c is > ' ' and <= '~'))
        {
            errors[DeviceIdHeader] = [$"The device id has at most {MaxDeviceIdLength} visible ASCII characters."];
        }

        SessionClient? client = headers[PlatformHeader].ToString().Trim().ToLowerInvariant() switch
        {
            "android" => SessionClient.Android,
            "ios" => SessionClient.Ios,
            "white-label" => SessionClient.WhiteLabel,
            _ => null,
        };
        if (client is null)
        {
            errors[PlatformHeader] = ["Send the platform in the X-App-Platform header: android, ios or white-label."];
        }

        var versionText = headers[VersionHeader].ToString().Trim();
        if (!AppVersions.TryParse(versionText, out var version))
        {
            errors[VersionHeader] = ["Send the app's version in the X-App-Version header, such as 3.2.0."];
        }

        var brand = headers[BrandHeader].ToString().Trim();
        if (client == SessionClient.WhiteLabel)
        {
            if (brand.Length == 0 || brand.Length > MaxBrandLength || brand.Any(char.IsControl))
            {
                errors[BrandHeader] = [$"A white-label app sends its brand in the X-App-Brand header (at most {MaxBrandLength} characters)."];
            }
            else if (brandNamed(brand) is { } known)
            {
                brand = known;
            }
            else
            {
                errors[BrandHeader] = ["The brand in the X-App-Brand header is not one connecX knows. Check the app's brand configuration."];
            }
        }
        else if (brand.Length > 0 && client is not null)
        {
            errors[BrandHeader] = ["Only white-label apps send the X-App-Brand header."];
        }

        return errors.Count > 0
            ? (null, errors)
            : (new AppClient(deviceId, client!.Value, client == SessionClient.WhiteLabel ? brand : null, version!), errors);
    }

    /// <summary>The calling app, as the API's endpoint filter read it.</summary>
    public static AppClient Of(HttpContext context) =>
        context.Features.Get<AppClient>() ?? throw new InvalidOperationException("The app API's client filter did not run for this endpoint.");
}
