using System.Net;
using ConnecXPortal.Tests.Infrastructure;

namespace ConnecXPortal.Tests.Integration.AppApi;

/// <summary>
/// An app session over months, and over its year. The cutover job is stopped here: on a fake clock its one-minute timer would fire for
/// every minute of the months skipped; the session check applies the same rules by itself.
/// </summary>
public sealed class AppApiSlidingExpiryTests(AppApiSlidingExpiryTests.App app) : IClassFixture<AppApiSlidingExpiryTests.App>
{
    [Fact]
    public async Task AnAppInUse_StaysSignedIn_ItsSessionSlidingNinetyDaysFromEachRefresh_AndLapsesNinetyDaysAfterTheLast()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        using var client = app.CreateAppClient();
        var tokens = await client.SignInWithAuthenticatorAsync(app, email, key);

        for (var i = 0; i < 3; i++)
        {
            app.Clock.Advance(TimeSpan.FromDays(89));
            var refreshed = await client.RefreshAsync(tokens.RefreshToken);
            refreshed.Status.Should().Be(HttpStatusCode.OK, refreshed.Body);
            tokens = refreshed.Tokens;
            tokens.RefreshTokenExpiresIn.Should().Be(90 * 24 * 3600);
            (await app.ReloadAsync(tokens.SessionId)).ExpiresAt.Should().Be(app.Clock.GetUtcNow().AddDays(90));
        }

        app.Clock.Advance(TimeSpan.FromDays(90));
        (await client.RefreshAsync(tokens.RefreshToken)).ShouldBeProblem(HttpStatusCode.Unauthorized, "session_ended").Reason.Should().Be("expired");
    }

    [Fact]
    public async Task AnAppInUse_IsSignedOutAtItsAbsoluteLifetime_HoweverOftenItRefreshes()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        using var client = app.CreateAppClient();
        var tokens = await client.SignInWithAuthenticatorAsync(app, email, key);
        var lifetimeEnd = (await app.ReloadAsync(tokens.SessionId)).CreatedAt.AddDays(365);

        for (var i = 0; i < 4; i++)
        {
            app.Clock.Advance(TimeSpan.FromDays(80));
            tokens = (await client.RefreshAsync(tokens.RefreshToken)).Tokens;
        }

        tokens.RefreshTokenExpiresIn.Should().Be((int)(lifetimeEnd - app.Clock.GetUtcNow()).TotalSeconds, "never past the year, not 90 days");
        (await app.ReloadAsync(tokens.SessionId)).ExpiresAt.Should().Be(lifetimeEnd);
        app.Clock.Advance(lifetimeEnd - app.Clock.GetUtcNow() - TimeSpan.FromMinutes(1));
        var last = await client.RefreshAsync(tokens.RefreshToken);
        last.Status.Should().Be(HttpStatusCode.OK, last.Body);
        last.Tokens.RefreshTokenExpiresIn.Should().Be(60);

        app.Clock.Advance(TimeSpan.FromMinutes(2));

        var call = await client.GetSessionAsync(last.Tokens.AccessToken);
        call.ShouldBeProblem(HttpStatusCode.Unauthorized, "session_ended").Reason.Should().Be("absolute_lifetime");
        call.Json.GetProperty("detail").GetString().Should().Contain("sign in again from time to time");
        (await client.RefreshAsync(last.Tokens.RefreshToken)).ShouldBeProblem(HttpStatusCode.Unauthorized, "session_ended").Reason.Should().Be("absolute_lifetime");
        var signIn = await client.SignInWithAuthenticatorAsync(app, email, key);
        (await client.GetSessionAsync(signIn.AccessToken)).Status.Should().Be(HttpStatusCode.OK, "signing in again starts a new year");
    }

    [Fact]
    public async Task TheConfiguredAbsoluteLifetime_IsTheOneTheSessionsEnforce()
    {
        await using var owned = await OwnedApp<App>.StartAsync((App)new App().WithSetting("AppApi:SessionAbsoluteLifetime", "30.00:00:00"));
        var (email, key) = await owned.App.CreateEnrolledResidentAsync();
        using var client = owned.App.CreateAppClient();
        var tokens = await client.SignInWithAuthenticatorAsync(owned.App, email, key);

        tokens.RefreshTokenExpiresIn.Should().Be(30 * 24 * 3600, "30 days is less than the 90-day sliding window");
        owned.App.Clock.Advance(TimeSpan.FromDays(30) + TimeSpan.FromMinutes(1));

        (await client.RefreshAsync(tokens.RefreshToken)).ShouldBeProblem(HttpStatusCode.Unauthorized, "session_ended").Reason.Should().Be("absolute_lifetime");
    }

    public sealed class App : PortalAppFactory
    {
        public App() => this.WithoutCutoverJob();
    }
}
