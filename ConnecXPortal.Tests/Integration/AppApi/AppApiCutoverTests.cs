using System.Net;
using ConnecXPortal.Domain.Cutover;
using ConnecXPortal.Domain.Sessions;
using ConnecXPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ConnecXPortal.Tests.Integration.AppApi;

/// <summary>
/// The apps' cutover seen through the API: a session from before its platform's phase ends at the user's turn in the
/// phase and is answered <c>session_ended</c> / <c>mfa_cutover</c>; one signed in after the phase started keeps working.
/// The clock starts on the evening of 21 August 2024, after the portal cutover and before the Android phase. The job's
/// timer is stopped (on a fake clock it would fire for every minute of the weeks skipped); the tests run it themselves.
/// </summary>
public sealed class AppApiCutoverTests
{
    private static readonly DateTimeOffset EveningOfTheCutover = new(2024, 8, 21, 20, 0, 0, TimeSpan.FromHours(10));

    [Theory]
    [InlineData("android", SessionClient.Android)]
    [InlineData("ios", SessionClient.Ios)]
    [InlineData("white-label", SessionClient.WhiteLabel)]
    public async Task ASessionFromBeforeItsPlatformsPhase_IsRejectedWithMfaCutover_WhileOneSignedInAfterItKeepsWorking(string platform, SessionClient sessionClient)
    {
        await using var owned = await OwnedApp<App>.StartAsync(new App());
        var app = owned.App;
        var phase = app.Services.GetRequiredService<CutoverSchedule>().PhaseFor(sessionClient)!;
        var (email, key) = await app.CreateEnrolledResidentAsync();
        using var client = app.CreateAppClient(platform);
        var before = await client.SignInWithAuthenticatorAsync(app, email, key);

        AdvanceTo(app, phase.Start - TimeSpan.FromMinutes(1));
        var refreshed = await client.RefreshAsync(before.RefreshToken);
        refreshed.Status.Should().Be(HttpStatusCode.OK, "the phase has not started (earlier platforms' phases do not touch it): {0}", refreshed.Body);

        AdvanceTo(app, phase.End);
        var rejected = await client.RefreshAsync(refreshed.Tokens.RefreshToken);

        rejected.ShouldBeProblem(HttpStatusCode.Unauthorized, "session_ended").Reason.Should().Be("mfa_cutover");
        rejected.String("detail").Should().Be("connecX now requires multi-factor authentication. Sign in to continue.");
        await app.RunCutoverAsync();
        (await app.ReloadAsync(before.SessionId)).EndReason.Should().Be(SessionEndReason.MfaCutover, "the job ends the same session for the same reason");
        (await client.RefreshAsync(refreshed.Tokens.RefreshToken)).Reason.Should().Be("mfa_cutover");

        var after = await client.SignInWithAuthenticatorAsync(app, email, key);
        AdvanceTo(app, new DateTimeOffset(2024, 10, 11, 9, 0, 0, TimeSpan.FromHours(11)));
        await app.RunCutoverAsync();
        var stillSignedIn = await client.RefreshAsync(after.RefreshToken);
        stillSignedIn.Status.Should().Be(HttpStatusCode.OK, stillSignedIn.Body);
        (await client.GetSessionAsync(stillSignedIn.Tokens.AccessToken)).Status.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task WithinThePhase_AUserWhoseTurnHasNotComeKeepsWorking_AndEachIsSignedOutAtTheirOwnTurn()
    {
        await using var owned = await OwnedApp<App>.StartAsync(new App());
        var app = owned.App;
        var android = app.Services.GetRequiredService<CutoverSchedule>().PhaseFor(SessionClient.Android)!;
        var (earlyEmail, earlyKey, earlyId) = await CreateEnrolledUserAtAsync(app, 1_000, 4_000);
        var (lateEmail, lateKey, lateId) = await CreateEnrolledUserAtAsync(app, 6_000, 9_000);
        using var earlyApp = app.CreateAppClient();
        using var lateApp = app.CreateAppClient();
        var early = await earlyApp.SignInWithAuthenticatorAsync(app, earlyEmail, earlyKey);
        var late = await lateApp.SignInWithAuthenticatorAsync(app, lateEmail, lateKey);
        var earlyTurn = android.LogoutInstantFor(earlyId);
        var lateTurn = android.LogoutInstantFor(lateId);
        earlyTurn.Should().BeAfter(android.Start.AddHours(12)).And.BeBefore(lateTurn.AddHours(-12));

        AdvanceTo(app, earlyTurn - TimeSpan.FromMinutes(1));
        var earlyFresh = (await earlyApp.RefreshAsync(early.RefreshToken)).Tokens;
        late = (await lateApp.RefreshAsync(late.RefreshToken)).Tokens;
        (await earlyApp.GetSessionAsync(earlyFresh.AccessToken)).Status.Should().Be(HttpStatusCode.OK);

        AdvanceTo(app, earlyTurn + TimeSpan.FromMinutes(1));
        (await earlyApp.GetSessionAsync(earlyFresh.AccessToken)).ShouldBeProblem(HttpStatusCode.Unauthorized, "session_ended")
            .Reason.Should().Be("mfa_cutover", "an access token stops with its session, before it expires");
        (await earlyApp.RefreshAsync(earlyFresh.RefreshToken)).Reason.Should().Be("mfa_cutover");
        var lateStill = await lateApp.RefreshAsync(late.RefreshToken);
        lateStill.Status.Should().Be(HttpStatusCode.OK, "this user's turn in the phase has not come: {0}", lateStill.Body);

        AdvanceTo(app, lateTurn + TimeSpan.FromMinutes(1));
        (await lateApp.RefreshAsync(lateStill.Tokens.RefreshToken)).ShouldBeProblem(HttpStatusCode.Unauthorized, "session_ended")
            .Reason.Should().Be("mfa_cutover");
    }

    private static void AdvanceTo(App app, DateTimeOffset instant)
    {
        var by = instant - app.Clock.GetUtcNow();
        by.Should().BePositive();
        app.Clock.Advance(by);
    }

    /// <summary>A resident with an authenticator app whose spread position is in [from, to).</summary>
    private static async Task<(string Email, string Key, Guid Id)> CreateEnrolledUserAtAsync(App app, int from, int to)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var user = await app.CreateResidentAsync();
            if (CutoverSpread.PositionOf(user.Id) is var position && position >= from && position < to)
            {
                return (user.Email!, await app.AddAuthenticatorAsync(user.Email!), user.Id);
            }
        }

        throw new InvalidOperationException($"No user landed in spread positions [{from}, {to}).");
    }

    public sealed class App : PortalAppFactory
    {
        public App() => this.WithoutCutoverJob();

        protected override DateTimeOffset StartTime => EveningOfTheCutover;
    }
}
