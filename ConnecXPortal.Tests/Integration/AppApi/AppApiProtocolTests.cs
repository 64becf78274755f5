using System.Net;
using System.Text;
using System.Text.Json;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Features.AppApi;
using ConnecXPortal.Web.Features.SignIn;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ConnecXPortal.Tests.Integration.AppApi;

/// <summary>The app API's contract: headers, problem details for every error, 426 for old apps, rate limits, the OpenAPI document.</summary>
public sealed class AppApiProtocolTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task MissingAppHeaders_AreAValidationProblem_NamingEachHeader()
    {
        using var client = app.CreateAppClient();

        var response = await client.SendAsync(HttpMethod.Post, "sign-in", Json(new { email = "a@b.c", password = "x" }), appHeaders: false);

        response.ShouldBeProblem(HttpStatusCode.BadRequest, "validation_failed");
        var errors = response.Json.GetProperty("errors");
        errors.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo("X-Device-Id", "X-App-Platform", "X-App-Version");
        errors.GetProperty("X-App-Platform")[0].GetString().Should().Be("Send the platform in the X-App-Platform header: android, ios or white-label.");
    }

    [Fact]
    public async Task APortalSignInCookie_OpensNothingInTheAppApi()
    {
        using var portal = await app.SignedInClientAsync(DemoAccounts.EnrolledResident);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{AppApiClient.Base}/session");
        request.Headers.Add("X-Device-Id", "device-with-a-portal-cookie");
        request.Headers.Add("X-App-Platform", "android");
        request.Headers.Add("X-App-Version", "3.2.0");

        using var response = await portal.Http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await AppApiResponse.ReadAsync(response)).ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task WhiteLabelApp_WithoutItsBrand_AndAConnecXAppWithOne_AreValidationProblems()
    {
        using var whiteLabel = app.CreateAppClient("white-label");
        whiteLabel.Brand = null;
        using var android = app.CreateAppClient(brand: "Acme Living");

        (await whiteLabel.SignInAsync("a@b.c")).ShouldBeProblem(HttpStatusCode.BadRequest, "validation_failed")
            .Json.GetProperty("errors").TryGetProperty("X-App-Brand", out _).Should().BeTrue();
        (await android.SignInAsync("a@b.c")).ShouldBeProblem(HttpStatusCode.BadRequest, "validation_failed")
            .Json.GetProperty("errors").GetProperty("X-App-Brand")[0].GetString().Should().Be("Only white-label apps send the X-App-Brand header.");
    }

    [Theory]
    [InlineData("Other Living")]
    [InlineData("Acme Living\u0007")]
    public async Task WhiteLabelApp_WithABrandThatIsNotConfigured_IsAValidationProblemNamingTheHeader(string brand)
    {
        using var whiteLabel = app.CreateAppClient("white-label", brand: brand);

        var answer = await whiteLabel.SignInAsync("a@b.c");

        answer.ShouldBeProblem(HttpStatusCode.BadRequest, "validation_failed").Json.GetProperty("errors").EnumerateObject()
            .Select(e => e.Name).Should().Equal("X-App-Brand");
    }

    [Fact]
    public async Task WhiteLabelApp_WithAConfiguredBrand_InAnyCase_SignsInUnderTheConfiguredName()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        using var whiteLabel = app.CreateAppClient("white-label", brand: "ACME LIVING");

        var tokens = await whiteLabel.SignInWithAuthenticatorAsync(app, email, key);

        (await app.ReloadAsync(tokens.SessionId)).Brand.Should().Be("Acme Living");
        (await whiteLabel.GetSessionAsync(tokens.AccessToken)).Status.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task MissingFields_AreAValidationProblem_WithAMessagePerField()
    {
        using var client = app.CreateAppClient();

        var signIn = await client.PostAsync("sign-in", new { email = "", password = (string?)null });
        var secondFactor = await client.PostAsync("sign-in/second-factor", new { });

        signIn.ShouldBeProblem(HttpStatusCode.BadRequest, "validation_failed");
        signIn.Json.GetProperty("errors").GetProperty("email")[0].GetString().Should().Be("Enter your email address.");
        signIn.Json.GetProperty("errors").GetProperty("password")[0].GetString().Should().Be("Enter your password.");
        secondFactor.ShouldBeProblem(HttpStatusCode.BadRequest, "validation_failed");
        secondFactor.Json.GetProperty("errors").EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo("ticket", "method", "code");
    }

    [Fact]
    public async Task AnOverlongField_IsAValidationProblem_SayingTheLimit()
    {
        using var client = app.CreateAppClient();

        var signIn = await client.PostAsync("sign-in", new { email = DemoAccounts.Resident, password = "x", deviceName = new string('P', AppRequestLimits.DeviceName + 1) });

        signIn.ShouldBeProblem(HttpStatusCode.BadRequest, "validation_failed");
        signIn.Json.GetProperty("errors").EnumerateObject().Select(p => p.Name).Should().Equal("deviceName");
        signIn.Json.GetProperty("errors").GetProperty("deviceName")[0].GetString().Should().Be($"A device name has at most {AppRequestLimits.DeviceName} characters.");
    }

    [Fact]
    public async Task UnreadableBodies_UnknownCalls_AndWrongMethods_AreProblemsToo()
    {
        using var client = app.CreateAppClient();

        var notJson = await client.SendAsync(HttpMethod.Post, "sign-in", new StringContent("{\"email\":", Encoding.UTF8, "application/json"));
        var wrongType = await client.SendAsync(HttpMethod.Post, "sign-in", new StringContent("{\"email\": 5}", Encoding.UTF8, "application/json"));
        var unknownMethod = await client.PostAsync("sign-in/second-factor", new { ticket = "t", method = "carrier_pigeon", code = "1" });
        var form = await client.SendAsync(HttpMethod.Post, "sign-in", new StringContent("email=a", Encoding.UTF8, "application/x-www-form-urlencoded"));
        var unknown = await client.GetAsync("no-such-call");
        var wrongVerb = await client.SendAsync(HttpMethod.Put, "sign-in", Json(new { email = "a@b.c" }));

        notJson.ShouldBeProblem(HttpStatusCode.BadRequest, "invalid_request");
        wrongType.ShouldBeProblem(HttpStatusCode.BadRequest, "invalid_request").String("detail").Should().Contain("'email'");
        unknownMethod.ShouldBeProblem(HttpStatusCode.BadRequest, "invalid_request").String("detail").Should().Contain("'method'");
        form.ShouldBeProblem(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        unknown.ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
        wrongVerb.ShouldBeProblem(HttpStatusCode.MethodNotAllowed, "method_not_allowed");
    }

    [Theory]
    [InlineData("android", "Google Play", "your phone or tablet")]
    [InlineData("ios", "the App Store", "your iPhone or iPad")]
    [InlineData("white-label", "the App Store or Google Play", "your device")]
    public async Task AnAppOlderThanItsPlatformsMinimum_IsAnsweredUpgradeRequired_TellingTheUserToUpdate(string platform, string store, string device)
    {
        using var client = app.CreateAppClient(platform, version: "2.9.9");

        var response = await client.SignInAsync(DemoAccounts.Resident);

        response.ShouldBeProblem(HttpStatusCode.UpgradeRequired, "upgrade_required");
        response.String("minimumVersion").Should().Be("3.0.0");
        response.String("detail").Should().Contain($"from {store} to version 3.0.0 or later")
            .And.Contain($"If automatic updates are turned off on {device}, open {store} and update the app manually first");
    }

    [Fact]
    public async Task AnAppThatFallsBelowTheMinimum_IsToldToUpdateOnEveryCall_ButCanStillSignOut()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        using var client = app.CreateAppClient(version: "3.0.0");
        var tokens = await client.SignInWithAuthenticatorAsync(app, email, key);
        client.Version = "2.9";

        (await client.GetSessionAsync(tokens.AccessToken)).ShouldBeProblem(HttpStatusCode.UpgradeRequired, "upgrade_required");
        (await client.RefreshAsync(tokens.RefreshToken)).ShouldBeProblem(HttpStatusCode.UpgradeRequired, "upgrade_required");
        (await client.SignOutAsync(tokens.AccessToken)).Status.Should().Be(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesEveryCall_TheAppHeaders_AndTheErrorCodes()
    {
        using var http = new HttpClient { BaseAddress = app.ServerAddress };

        var response = await http.GetAsync("/openapi/app-v1.json");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = document.RootElement;
        root.GetProperty("info").GetProperty("title").GetString().Should().Be("connecX app session API");
        var paths = root.GetProperty("paths");
        paths.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(
            "/api/app/v1/sign-in",
            "/api/app/v1/sign-in/email-code",
            "/api/app/v1/sign-in/second-factor",
            "/api/app/v1/sign-in/enrolment/mailbox",
            "/api/app/v1/sign-in/enrolment/mailbox/verify",
            "/api/app/v1/sign-in/enrolment/authenticator",
            "/api/app/v1/sign-in/enrolment/authenticator/verify",
            "/api/app/v1/sign-in/enrolment/email",
            "/api/app/v1/sign-in/enrolment/email/verify",
            "/api/app/v1/token/refresh",
            "/api/app/v1/session",
            "/api/app/v1/sign-out");

        var signIn = paths.GetProperty("/api/app/v1/sign-in").GetProperty("post");
        signIn.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString())
            .Should().Contain(["X-Device-Id", "X-App-Platform", "X-App-Version", "X-App-Brand"]);
        signIn.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _).Should().BeTrue();
        var responses = signIn.GetProperty("responses");
        responses.GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString()
            .Should().EndWith("/SignInResponse");
        responses.GetProperty("401").GetProperty("description").GetString().Should().Contain("`invalid_credentials`");
        responses.TryGetProperty("423", out _).Should().BeFalse("a password attempt never learns the account is locked");
        paths.GetProperty("/api/app/v1/sign-in/second-factor").GetProperty("post").GetProperty("responses").GetProperty("423")
            .GetProperty("description").GetString().Should().Contain("`locked_out`");
        responses.GetProperty("426").GetProperty("content").TryGetProperty("application/problem+json", out _).Should().BeTrue();

        var session = paths.GetProperty("/api/app/v1/session").GetProperty("get");
        session.GetProperty("security")[0].TryGetProperty("bearer", out _).Should().BeTrue();
        session.GetProperty("responses").GetProperty("401").GetProperty("description").GetString().Should().Contain("`session_ended`");

        var schemas = root.GetProperty("components").GetProperty("schemas");
        var errorCodes = schemas.GetProperty("AppError").GetProperty("enum").EnumerateArray().Select(e => e.GetString()).ToList();
        errorCodes.Should().Contain(["invalid_credentials", "second_factor_required", "invalid_code", "code_expired", "locked_out", "upgrade_required",
            "session_ended", "validation_failed", "too_many_attempts", "invalid_refresh_token"]);
        schemas.GetProperty("AppSessionEndReason").GetProperty("enum").EnumerateArray().Select(e => e.GetString())
            .Should().Contain(["mfa_cutover", "refresh_token_reused", "signed_out", "absolute_lifetime"]);
        errorCodes.Should().Contain("mailbox_verification_required");
        var signInRequest = schemas.GetProperty("SignInRequest");
        signInRequest.GetProperty("required").EnumerateArray().Select(e => e.GetString()).Should().BeEquivalentTo("email", "password");
        signInRequest.GetProperty("properties").GetProperty("email").GetProperty("maxLength").GetInt32().Should().Be(AppRequestLimits.Email);
        signInRequest.GetProperty("properties").GetProperty("deviceName").GetProperty("maxLength").GetInt32().Should().Be(AppRequestLimits.DeviceName);
        root.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("scheme").GetString().Should().Be("bearer");
    }

    [Fact]
    public async Task AFailureInsideTheApi_IsAServerErrorProblem_WithoutAStackTrace()
    {
        await using var owned = await OwnedApp<PortalAppFactory>.StartAsync((PortalAppFactory)new PortalAppFactory().WithServices(services =>
            services.AddScoped<PasswordSignIn>(_ => throw new InvalidOperationException("The password store is down."))));
        using var client = owned.App.CreateAppClient();

        var response = await client.SignInAsync(DemoAccounts.Resident);

        response.ShouldBeProblem(HttpStatusCode.InternalServerError, "server_error");
        response.Body.Should().NotContain("password store");
    }

    [Fact]
    public async Task AMinimumVersionThatIsNotAVersion_StopsThePortalAtStart_NamingTheKey()
    {
        await using var broken = new PortalAppFactory();
        broken.WithSetting("AppApi:MinimumVersions:Ios", "three");

        var failure = await broken.StartFailureAsync();

        failure.Should().BeAssignableTo<OptionsValidationException>().Which.Message.Should().Match("*AppApi:MinimumVersions:Ios must be an app version such as 3.0.0*");
    }

    [Theory]
    [InlineData("AppApi:SessionAbsoluteLifetime", "00:10:00", "*AppApi:SessionAbsoluteLifetime must be between 1 and 3650 days*")]
    [InlineData("AppApi:Brands:1", "ACME LIVING", "*AppApi:Brands:1 repeats the brand 'ACME LIVING'*")]
    [InlineData("AppApi:Brands:1", "Bell\u0007", "*AppApi:Brands:1 must be a brand of 1 to 64 visible characters*")]
    public async Task ABadLifetimeOrBrand_StopsThePortalAtStart_NamingTheKey(string key, string value, string message)
    {
        await using var broken = new PortalAppFactory();
        broken.WithSetting(key, value);

        var failure = await broken.StartFailureAsync();

        failure.Should().BeAssignableTo<OptionsValidationException>().Which.Message.Should().Match(message);
    }

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
}
