using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ConnecXPortal.Web.Features.Factors.Totp;

namespace ConnecXPortal.Tests.Infrastructure;

/// <summary>
/// One app installation talking to the app API: it sends the app headers (device id, platform, version, brand) on every
/// call, as the apps do, and reads every answer as JSON.
/// </summary>
public sealed class AppApiClient(Uri baseAddress, string platform = "android", string version = "3.2.0", string? brand = null) : IDisposable
{
    public const string Base = "/api/app/v1";

    public HttpClient Http { get; } = new() { BaseAddress = baseAddress };

    public string DeviceId { get; set; } = $"device-{Guid.NewGuid():N}";

    public string Platform { get; set; } = platform;

    public string Version { get; set; } = version;

    public string? Brand { get; set; } = brand ?? (platform == "white-label" ? "Acme Living" : null);

    public Task<AppApiResponse> PostAsync(string path, object? body, string? accessToken = null) =>
        SendAsync(HttpMethod.Post, path, body is null ? null : JsonContent.Create(body, body.GetType()), accessToken);

    public Task<AppApiResponse> GetAsync(string path, string? accessToken = null) => SendAsync(HttpMethod.Get, path, null, accessToken);

    public async Task<AppApiResponse> SendAsync(HttpMethod method, string path, HttpContent? content, string? accessToken = null, bool appHeaders = true)
    {
        using var request = new HttpRequestMessage(method, path.StartsWith('/') ? path : $"{Base}/{path}") { Content = content };
        if (appHeaders)
        {
            request.Headers.Add("X-Device-Id", DeviceId);
            request.Headers.Add("X-App-Platform", Platform);
            request.Headers.Add("X-App-Version", Version);
            if (Brand is not null)
            {
                request.Headers.Add("X-App-Brand", Brand);
            }
        }

        if (accessToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        using var response = await Http.SendAsync(request);
        return await AppApiResponse.ReadAsync(response);
    }

    public Task<AppApiResponse> SignInAsync(string email, string password = DemoAccounts.Password, string? deviceName = "Pixel 8") =>
        PostAsync("sign-in", new { email, password, deviceName });

    public Task<AppApiResponse> SecondFactorAsync(string ticket, string method, string code) =>
        PostAsync("sign-in/second-factor", new { ticket, method, code });

    public Task<AppApiResponse> RefreshAsync(string refreshToken) => PostAsync("token/refresh", new { refreshToken });

    public Task<AppApiResponse> GetSessionAsync(string accessToken) => GetAsync("session", accessToken);

    public Task<AppApiResponse> SignOutAsync(string accessToken) => PostAsync("sign-out", null, accessToken);

    /// <summary>Password, then the authenticator app's next code: the tokens of a complete sign-in.</summary>
    public async Task<AppTokens> SignInWithAuthenticatorAsync(PortalAppFactory app, string email, string key)
    {
        var password = await SignInAsync(email);
        password.Status.Should().Be(HttpStatusCode.OK, password.Body);
        password.String("status").Should().Be("second_factor_required");
        var verified = await SecondFactorAsync(password.String("ticket")!, "authenticator_app", app.NextTotp(key));
        verified.Status.Should().Be(HttpStatusCode.OK, verified.Body);
        return AppTokens.From(verified.Json.GetProperty("tokens"));
    }

    public void Dispose() => Http.Dispose();
}

/// <summary>The tokens of a signed-in app.</summary>
public sealed record AppTokens(string AccessToken, string RefreshToken, Guid SessionId, int ExpiresIn, int RefreshTokenExpiresIn)
{
    public static AppTokens From(JsonElement tokens) => new(
        tokens.GetProperty("accessToken").GetString()!,
        tokens.GetProperty("refreshToken").GetString()!,
        tokens.GetProperty("sessionId").GetGuid(),
        tokens.GetProperty("expiresIn").GetInt32(),
        tokens.GetProperty("refreshTokenExpiresIn").GetInt32());
}

/// <summary>An answer of the app API.</summary>
public sealed class AppApiResponse
{
    private AppApiResponse(HttpResponseMessage message, string body)
    {
        Status = message.StatusCode;
        Body = body;
        ContentType = message.Content.Headers.ContentType?.MediaType;
        Headers = message.Headers;
        Json = body.Length > 0 && ContentType?.Contains("json", StringComparison.Ordinal) == true
            ? JsonDocument.Parse(body).RootElement.Clone()
            : default;
    }

    public HttpStatusCode Status { get; }

    public string Body { get; }

    public string? ContentType { get; }

    public HttpResponseHeaders Headers { get; }

    public JsonElement Json { get; }

    /// <summary>The problem's error code.</summary>
    public string? Error => String("error");

    /// <summary>The problem's session end reason.</summary>
    public string? Reason => String("reason");

    public string? String(string property) =>
        Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public AppTokens Tokens => AppTokens.From(Json.TryGetProperty("tokens", out var tokens) ? tokens : Json);

    public static async Task<AppApiResponse> ReadAsync(HttpResponseMessage message) => new(message, await message.Content.ReadAsStringAsync());

    /// <summary>Asserts a problem details answer with <paramref name="error"/> and returns it.</summary>
    public AppApiResponse ShouldBeProblem(HttpStatusCode status, string error)
    {
        Status.Should().Be(status, Body);
        ContentType.Should().Be("application/problem+json", Body);
        Error.Should().Be(error, Body);
        Json.GetProperty("status").GetInt32().Should().Be((int)status);
        Json.GetProperty("title").GetString().Should().NotBeNullOrWhiteSpace();
        Json.GetProperty("detail").GetString().Should().NotBeNullOrWhiteSpace();
        Json.GetProperty("type").GetString().Should().Be($"urn:connecx:app-api:{error}");
        Body.Should().NotContain("   at ", "a problem never carries a stack trace");
        return this;
    }
}

public static class AppApiClients
{
    public static AppApiClient CreateAppClient(this PortalAppFactory app, string platform = "android", string version = "3.2.0", string? brand = null) =>
        new(app.ServerAddress, platform, version, brand);

    /// <summary>The code an authenticator app with <paramref name="key"/> shows now (after moving to a fresh time step).</summary>
    public static string TotpFor(this PortalAppFactory app, string key) => app.NextTotp(key);

    /// <summary>An authenticator code for the set-up key in an API answer.</summary>
    public static string CodeFor(string key, DateTimeOffset at) => AuthenticatorApp.CodeAt(key, at);
}
