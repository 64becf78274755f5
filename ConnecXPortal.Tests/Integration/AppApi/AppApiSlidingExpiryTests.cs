using System.Net;
using ConnecXPortal.Tests.Infrastructure;

namespace ConnecXPortal.Tests.Integration.AppApi;

/// <summary>
/// An app session over months. The cutover job is stopped here: on a fake clock its one-minute timer would fire for
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

    public sealed class App : PortalAppFactory
    {
        public App() => this.WithoutCutoverJob();
    }
}
