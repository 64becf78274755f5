using System.Net;
using System.Text.Json;
using ConnecXPortal.Tests.Infrastructure;

namespace ConnecXPortal.Tests.Integration.Throttling;

/// <summary>
/// The app API and the portal's passkey options answer a refused request with 429, Retry-After and a problem body
/// naming too_many_attempts and retryAfter; the app API counts per account in the same buckets as the portal.
/// </summary>
public sealed class ApiThrottleTests(ThrottledPortalAppFactory app) : IClassFixture<ThrottledPortalAppFactory>
{
    private const string WrongPassword = "not the password at all";

    [Fact]
    public async Task AppSignIn_AfterTheAccountLimit_IsTooManyAttempts_FromEveryAddress()
    {
        var email = (await app.CreateResidentAsync()).Email!;
        for (var i = 0; i < 3; i++)
        {
            using var client = AppClientFrom(ThrottledPortalAppFactory.NextAddress());
            (await client.SignInAsync(email, WrongPassword)).Error.Should().Be("invalid_credentials");
        }

        using var last = AppClientFrom(ThrottledPortalAppFactory.NextAddress());
        var refused = await last.SignInAsync(email, DemoAccounts.Password);

        ShouldBeTooManyAttempts(refused, 1200);
        refused.Json.GetProperty("detail").GetString().Should().Be("There have been too many attempts. Try again in 20 minutes.");
    }

    [Fact]
    public async Task AppSignIn_SharesTheAccountLimitWithThePortal()
    {
        var email = (await app.CreateResidentAsync()).Email!;
        for (var i = 0; i < 3; i++)
        {
            using var portal = app.CreatePortalClientFrom(ThrottledPortalAppFactory.NextAddress());
            await portal.SubmitPasswordAsync(email, WrongPassword);
        }

        using var client = AppClientFrom(ThrottledPortalAppFactory.NextAddress());

        ShouldBeTooManyAttempts(await client.SignInAsync(email, DemoAccounts.Password), 1200);
    }

    [Fact]
    public async Task AppSignIn_AfterTheAddressLimit_IsTooManyAttempts_ForEveryAccount_AndAnotherAddressGoesOn()
    {
        using var client = AppClientFrom(ThrottledPortalAppFactory.NextAddress());
        for (var i = 0; i < 5; i++)
        {
            (await client.SignInAsync($"stuffing-{Guid.NewGuid():N}@tests.example.com", WrongPassword)).Error.Should().Be("invalid_credentials");
        }

        ShouldBeTooManyAttempts(await client.SignInAsync($"stuffing-{Guid.NewGuid():N}@tests.example.com", WrongPassword), 720);
        using var other = AppClientFrom(ThrottledPortalAppFactory.NextAddress());
        (await other.SignInAsync($"stuffing-{Guid.NewGuid():N}@tests.example.com", WrongPassword)).Error.Should().Be("invalid_credentials");
    }

    [Fact]
    public async Task AppSecondFactor_AfterTheAccountLimit_IsTooManyAttempts_EvenWithTheRightCode()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        using var signIn = AppClientFrom(ThrottledPortalAppFactory.NextAddress());
        var password = await signIn.SignInAsync(email);
        var ticket = password.String("ticket")!;
        for (var i = 0; i < 3; i++)
        {
            (await signIn.SecondFactorAsync(ticket, "authenticator_app", "000000")).Error.Should().Be("invalid_code");
        }

        ShouldBeTooManyAttempts(await signIn.SecondFactorAsync(ticket, "authenticator_app", app.NextTotp(key)), 1200);
    }

    [Fact]
    public async Task AppEmailCode_AfterTheAccountLimit_IsTooManyAttempts()
    {
        var email = (await app.CreateResidentAsync()).Email!;
        await app.AddEmailFactorAsync(email);
        using var client = AppClientFrom(ThrottledPortalAppFactory.NextAddress());
        var ticket = (await client.SignInAsync(email)).String("ticket")!;
        for (var i = 0; i < 3; i++)
        {
            (await client.PostAsync("sign-in/email-code", new { ticket })).Status.Should().Be(HttpStatusCode.Accepted);
            app.Clock.Advance(TimeSpan.FromSeconds(61));
        }

        ShouldBeTooManyAttempts(await client.PostAsync("sign-in/email-code", new { ticket }), 1200);
    }

    [Fact]
    public async Task AppRefresh_AfterTheAddressLimit_IsTooManyAttempts()
    {
        using var client = AppClientFrom(ThrottledPortalAppFactory.NextAddress());
        for (var i = 0; i < 3; i++)
        {
            (await client.RefreshAsync("not-a-refresh-token")).Error.Should().Be("invalid_refresh_token");
        }

        ShouldBeTooManyAttempts(await client.RefreshAsync("not-a-refresh-token"), 1200);
    }

    [Fact]
    public async Task PasskeyOptions_AfterTheAddressLimit_AreAProblemWithRetryAfter()
    {
        using var client = app.CreatePortalClientFrom(ThrottledPortalAppFactory.NextAddress());
        var page = await client.GetAsync("/account/sign-in");
        var token = page.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        for (var i = 0; i < 3; i++)
        {
            using var allowed = await RequestOptionsAsync(client, token);
            allowed.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        using var refused = await RequestOptionsAsync(client, token);

        refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        refused.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        refused.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(1200));
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        problem.GetProperty("code").GetString().Should().Be("too_many_attempts");
        problem.GetProperty("retryAfter").GetInt32().Should().Be(1200);
        problem.GetProperty("title").GetString().Should().Be("Too many attempts.");
        problem.GetProperty("detail").GetString().Should().Be("Try again in 20 minutes.");
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheConfiguredLimits()
    {
        using var http = new HttpClient { BaseAddress = app.ServerAddress };

        var root = JsonDocument.Parse(await http.GetStringAsync("/openapi/app-v1.json")).RootElement;

        root.GetProperty("info").GetProperty("description").GetString().Should()
            .Contain("sign-in 3 per account and 5 per address per 60 minutes").And
            .Contain("token refresh 3 per address per 60 minutes").And
            .Contain("429 `too_many_attempts` with `retryAfter`");
        var paths = root.GetProperty("paths");
        Describe429(paths, "/api/app/v1/sign-in").Should().Contain("`too_many_attempts` beyond 3 sign-in attempts per account or 5 per client address in 60 minutes");
        Describe429(paths, "/api/app/v1/sign-in/email-code").Should().Contain("beyond 3 requests for a code per account or 100 per client address");
        Describe429(paths, "/api/app/v1/token/refresh").Should().Contain("beyond 3 refreshes per client address in 60 minutes");
    }

    private static string Describe429(JsonElement paths, string path) =>
        paths.GetProperty(path).GetProperty("post").GetProperty("responses").GetProperty("429").GetProperty("description").GetString()!;

    private static void ShouldBeTooManyAttempts(AppApiResponse response, int seconds)
    {
        response.ShouldBeProblem(HttpStatusCode.TooManyRequests, "too_many_attempts");
        response.Json.GetProperty("retryAfter").GetInt32().Should().Be(seconds);
        response.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(seconds));
    }

    private static Task<HttpResponseMessage> RequestOptionsAsync(PortalClient client, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/account/passkey/request-options?for=sign-in");
        request.Headers.Add("RequestVerificationToken", token);
        return client.Http.SendAsync(request);
    }

    private AppApiClient AppClientFrom(string address)
    {
        var client = app.CreateAppClient();
        client.Http.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return client;
    }
}
