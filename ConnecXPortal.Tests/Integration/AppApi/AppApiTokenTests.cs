using System.Net;
using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Domain.Sessions;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Sessions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ConnecXPortal.Tests.Integration.AppApi;

/// <summary>Access tokens, rotating refresh tokens, and the app session behind them.</summary>
public sealed class AppApiTokenTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task Refresh_RotatesTheRefreshToken_AndAReusedOneEndsTheWholeChain()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        using var client = app.CreateAppClient();
        var first = await client.SignInWithAuthenticatorAsync(app, email, key);

        var refreshed = await client.RefreshAsync(first.RefreshToken);

        refreshed.Status.Should().Be(HttpStatusCode.OK, refreshed.Body);
        var second = refreshed.Tokens;
        second.RefreshToken.Should().NotBe(first.RefreshToken);
        second.AccessToken.Should().NotBe(first.AccessToken);
        second.SessionId.Should().Be(first.SessionId);
        (await client.GetSessionAsync(second.AccessToken)).Status.Should().Be(HttpStatusCode.OK);

        var reused = await client.RefreshAsync(first.RefreshToken);

        reused.ShouldBeProblem(HttpStatusCode.Unauthorized, "session_ended").Reason.Should().Be("refresh_token_reused");
        (await client.RefreshAsync(second.RefreshToken)).ShouldBeProblem(HttpStatusCode.Unauthorized, "session_ended").Reason.Should().Be("refresh_token_reused");
        var call = (await client.GetSessionAsync(second.AccessToken)).ShouldBeProblem(HttpStatusCode.Unauthorized, "session_ended");
        call.Reason.Should().Be("refresh_token_reused");
        call.Headers.WwwAuthenticate.ToString().Should().StartWith("Bearer error=\"invalid_token\"");
        (await app.ReloadAsync(first.SessionId)).EndReason.Should().Be(SessionEndReason.RefreshTokenReused);
        await using var db = app.CreateDbContext();
        (await db.AuditEvents.SingleAsync(e => e.SubjectEmail == email && e.Type == AuditEventTypes.AppRefreshTokenReused)).Details
            .Should().StartWith("Android app: A refresh token used at");
        (await db.AuditEvents.CountAsync(e => e.SubjectEmail == email && e.Type == AuditEventTypes.SessionEnded)).Should().Be(1);
    }

    [Fact]
    public async Task TwoRefreshesWithTheSameToken_AtOnce_LetOneThrough_AndEndTheChain()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        using var client = app.CreateAppClient();
        var tokens = await client.SignInWithAuthenticatorAsync(app, email, key);

        var answers = await Task.WhenAll(client.RefreshAsync(tokens.RefreshToken), client.RefreshAsync(tokens.RefreshToken));

        answers.Count(a => a.Status == HttpStatusCode.OK).Should().Be(1, string.Join("\n", answers.Select(a => a.Body)));
        answers.Single(a => a.Status != HttpStatusCode.OK).ShouldBeProblem(HttpStatusCode.Unauthorized, "session_ended")
            .Reason.Should().Be("refresh_token_reused");
        (await app.ReloadAsync(tokens.SessionId)).EndReason.Should().Be(SessionEndReason.RefreshTokenReused);
    }

    [Fact]
    public async Task AccessToken_ExpiresAfterFifteenMinutes_AndTheRefreshTokenGetsANewOne()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        using var client = app.CreateAppClient();
        var tokens = await client.SignInWithAuthenticatorAsync(app, email, key);
        app.Clock.Advance(TimeSpan.FromMinutes(14));
        (await client.GetSessionAsync(tokens.AccessToken)).Status.Should().Be(HttpStatusCode.OK);

        app.Clock.Advance(TimeSpan.FromMinutes(1));
        (await client.GetSessionAsync(tokens.AccessToken)).ShouldBeProblem(HttpStatusCode.Unauthorized, "token_expired");

        var refreshed = (await client.RefreshAsync(tokens.RefreshToken)).Tokens;
        (await client.GetSessionAsync(refreshed.AccessToken)).Status.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task SignOut_EndsTheSession_AndSigningInAgainNeedsTheSecondFactor()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        using var client = app.CreateAppClient();
        var tokens = await client.SignInWithAuthenticatorAsync(app, email, key);

        var signOut = await client.SignOutAsync(tokens.AccessToken);

        signOut.Status.Should().Be(HttpStatusCode.NoContent);
        (await client.GetSessionAsync(tokens.AccessToken)).ShouldBeProblem(HttpStatusCode.Unauthorized, "session_ended").Reason.Should().Be("signed_out");
        (await client.RefreshAsync(tokens.RefreshToken)).ShouldBeProblem(HttpStatusCode.Unauthorized, "session_ended").Reason.Should().Be("signed_out");
        (await app.ReloadAsync(tokens.SessionId)).EndReason.Should().Be(SessionEndReason.SignedOut);
        var again = await client.SignInAsync(email);
        again.String("status").Should().Be("second_factor_required", "no device is remembered");
        again.Json.TryGetProperty("tokens", out _).Should().BeFalse();
        await using var db = app.CreateDbContext();
        (await db.AuditEvents.SingleAsync(e => e.SubjectEmail == email && e.Type == AuditEventTypes.SignedOut)).Details.Should().Be("Android app.");
    }

    [Fact]
    public async Task AccessToken_StopsWorking_AsSoonAsTheResidentEndsTheSessionFromDevicesAndSessions()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        using var client = app.CreateAppClient();
        var tokens = await client.SignInWithAuthenticatorAsync(app, email, key);

        await app.WithScopeAsync(async services =>
        {
            var user = (await services.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(email))!;
            (await services.GetRequiredService<ServerSessions>().EndOwnAsync(user, tokens.SessionId)).Should().BeTrue();
        });

        var call = await client.GetSessionAsync(tokens.AccessToken);
        call.ShouldBeProblem(HttpStatusCode.Unauthorized, "session_ended").Reason.Should().Be("ended_by_user");
        call.String("detail").Should().Be("This session was ended from Devices and sessions. Sign in to continue.");
    }

    [Fact]
    public async Task RefreshToken_IsBoundToItsInstallation_PlatformAndAppVersion_ButFollowsAnAppUpdate()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        using var client = app.CreateAppClient();
        var tokens = await client.SignInWithAuthenticatorAsync(app, email, key);
        using var thief = app.CreateAppClient();
        using var downgraded = app.CreateAppClient(version: "3.1.9");
        downgraded.DeviceId = client.DeviceId;
        using var otherPlatform = app.CreateAppClient("ios");
        otherPlatform.DeviceId = client.DeviceId;

        (await thief.RefreshAsync(tokens.RefreshToken)).ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid_refresh_token");
        (await downgraded.RefreshAsync(tokens.RefreshToken)).ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid_refresh_token");
        (await otherPlatform.RefreshAsync(tokens.RefreshToken)).ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid_refresh_token");
        (await thief.GetSessionAsync(tokens.AccessToken)).ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid_token");

        client.Version = "3.3.0";
        var updated = await client.RefreshAsync(tokens.RefreshToken);
        updated.Status.Should().Be(HttpStatusCode.OK, updated.Body);
        (await app.ReloadAsync(tokens.SessionId)).AppVersion.Should().Be("3.3.0");
        await using var db = app.CreateDbContext();
        (await db.AuditEvents.CountAsync(e => e.SubjectEmail == email && e.Type == AuditEventTypes.AppRefreshTokenRejected)).Should().Be(3);
    }

    [Fact]
    public async Task UnknownRefreshToken_AndMissingAccessToken_AreRejected()
    {
        using var client = app.CreateAppClient();

        (await client.RefreshAsync("not-a-refresh-token")).ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid_refresh_token");
        (await client.GetAsync("session")).ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid_token");
        (await client.GetSessionAsync("not-an-access-token")).ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid_token");
    }
}
