using System.Net;
using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Domain.Sessions;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Sessions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ConnecXPortal.Tests.Integration.Sessions;

/// <summary>
/// The session mechanics, before the cutover so that a password alone completes a sign-in (the cutover's own tests
/// cover sign-ins with a second factor).
/// </summary>
public sealed class PortalSessionTests(BeforeCutoverPortalAppFactory app) : IClassFixture<BeforeCutoverPortalAppFactory>
{
    private const string ChromeOnWindows =
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36";

    [Fact]
    public async Task SignIn_RecordsAPortalSession_WithBrowserAddressAndHowTheUserVerified()
    {
        var user = await app.CreateResidentAsync();
        using var client = app.CreatePortalClient();
        client.Http.DefaultRequestHeaders.UserAgent.ParseAdd(ChromeOnWindows);
        var now = app.Clock.GetUtcNow();

        await client.SubmitPasswordAsync(user.Email!, DemoAccounts.Password);

        var session = await SingleSessionAsync(user.Id);
        session.Client.Should().Be(SessionClient.Portal);
        session.Device.Should().Be("Chrome on Windows");
        session.IpAddress.Should().Be("127.0.0.1");
        session.SignInMethod.Should().Be(SignInMethod.Password);
        session.CreatedAt.Should().Be(now);
        session.LastSeenAt.Should().Be(now);
        session.ExpiresAt.Should().Be(now.AddHours(1), "an hour idle ends it unless it is used");
        session.EndedAt.Should().BeNull();
        (await client.GetAsync("/")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Cookie_AfterAnHourWithoutActivity_IsRejected_AndTheSignInPageSaysWhy()
    {
        using var client = await SignedInClientAsync();

        app.Clock.Advance(TimeSpan.FromMinutes(61));
        var response = await client.GetAsync("/");

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Location!.PathAndQuery.Should().Be("/account/sign-in?returnUrl=%2F&reason=idle");
        var page = await client.FollowAsync(response);
        page.Document.QuerySelector("[role=status]")!.TextContent.Should()
            .Be("You were signed out because connecX was not used for a while. Sign in to continue.");
    }

    [Fact]
    public async Task Cookie_UsedEveryFewMinutes_StaysSignedIn_ButNoLongerThanTwelveHours()
    {
        using var client = await SignedInClientAsync();

        // Every 50 minutes until 11 h 40 min after signing in: never idle for an hour.
        for (var elapsed = 0; elapsed <= 700; elapsed += 50)
        {
            (await client.GetAsync("/")).StatusCode.Should().Be(HttpStatusCode.OK, $"the session is in use after {elapsed} minutes");
            app.Clock.Advance(TimeSpan.FromMinutes(elapsed < 700 ? 50 : 21));
        }

        var response = await client.GetAsync("/");

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Location!.Query.Should().EndWith("&reason=expired");
        var page = await client.FollowAsync(response);
        page.Document.QuerySelector("[role=status]")!.TextContent.Should()
            .Be("Your session reached its time limit and has ended. Sign in to continue.");
    }

    [Fact]
    public async Task LastSeen_IsWrittenAtMostOnceAMinute_NotOnEveryRequest()
    {
        var user = await app.CreateResidentAsync();
        using var client = app.CreatePortalClient();
        await client.SubmitPasswordAsync(user.Email!, DemoAccounts.Password);
        var signedInAt = app.Clock.GetUtcNow();

        app.Clock.Advance(TimeSpan.FromSeconds(30));
        await client.GetAsync("/");
        await client.GetAsync("/");
        (await SingleSessionAsync(user.Id)).LastSeenAt.Should().Be(signedInAt, "less than a minute passed since it was written");

        app.Clock.Advance(TimeSpan.FromSeconds(31));
        await client.GetAsync("/");
        var session = await SingleSessionAsync(user.Id);
        session.LastSeenAt.Should().Be(signedInAt.AddSeconds(61));
        session.ExpiresAt.Should().Be(signedInAt.AddSeconds(61).AddHours(1));
    }

    [Fact]
    public async Task Cookie_KeepsItsSession_WhenIdentityRefreshesThePrincipal()
    {
        var user = await app.CreateResidentAsync();
        using var client = app.CreatePortalClient();
        await client.SubmitPasswordAsync(user.Email!, DemoAccounts.Password);

        // Identity re-checks the security stamp after 30 minutes and issues a new cookie from a fresh principal.
        app.Clock.Advance(TimeSpan.FromMinutes(31));
        var refreshed = await client.GetAsync("/");
        refreshed.StatusCode.Should().Be(HttpStatusCode.OK);
        refreshed.Message.Headers.TryGetValues("Set-Cookie", out var cookies).Should().BeTrue("the principal was refreshed");
        cookies!.Should().Contain(c => c.StartsWith("connecx.portal=", StringComparison.Ordinal));

        app.Clock.Advance(TimeSpan.FromMinutes(31));
        (await client.GetAsync("/")).StatusCode.Should().Be(HttpStatusCode.OK, "the new cookie still names its session");
        (await SingleSessionAsync(user.Id)).EndedAt.Should().BeNull();
    }

    [Fact]
    public async Task SignOut_EndsTheSessionRecord()
    {
        var user = await app.CreateResidentAsync();
        using var client = app.CreatePortalClient();
        await client.SubmitPasswordAsync(user.Email!, DemoAccounts.Password);
        var home = await client.GetAsync("/");
        var token = home.Document.QuerySelector("#cx-sign-out input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        await client.Http.PostAsync("/account/sign-out", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));

        var session = await SingleSessionAsync(user.Id);
        session.EndReason.Should().Be(SessionEndReason.SignedOut);
        session.EndedAt.Should().Be(app.Clock.GetUtcNow());
    }

    [Fact]
    public async Task SigningInAgain_InTheSameBrowser_ReplacesItsSession()
    {
        var user = await app.CreateResidentAsync();
        using var client = app.CreatePortalClient();
        await client.SubmitPasswordAsync(user.Email!, DemoAccounts.Password);

        await client.SubmitPasswordAsync(user.Email!, DemoAccounts.Password);

        await using var db = app.CreateDbContext();
        var sessions = await db.UserSessions.Where(s => s.UserId == user.Id).OrderBy(s => s.Id).ToListAsync();
        sessions.Should().HaveCount(2);
        sessions[0].EndReason.Should().Be(SessionEndReason.SignedOut);
        sessions[1].EndedAt.Should().BeNull();
    }

    [Fact]
    public async Task SupportEndingAllSessions_RejectsTheCookie_AndSaysSupportDidIt()
    {
        var user = await app.CreateResidentAsync();
        using var client = app.CreatePortalClient();
        await client.SubmitPasswordAsync(user.Email!, DemoAccounts.Password);
        await app.AddSessionsAsync([SessionTestData.NewSession(user.Id, SessionClient.Ios, app.Clock.GetUtcNow())]);

        var ended = await app.WithScopeAsync(async services =>
        {
            var support = await services.GetRequiredService<PortalDbContext>().Users.SingleAsync(u => u.Email == DemoAccounts.Support);
            return await services.GetRequiredService<ServerSessions>()
                .EndAllAsync(user.Id, SessionEndReason.EndedBySupport, support, note: "Lost phone, reported by phone call.");
        });

        ended.Should().Be(2, "the portal session and the iOS app session");
        var response = await client.GetAsync("/");
        response.Location!.Query.Should().EndWith("&reason=ended-by-support");
        (await client.FollowAsync(response)).Document.QuerySelector("[role=status]")!.TextContent.Should()
            .Be("connecX support ended your session. Sign in to continue, or contact support if you did not expect this.");

        await using var db = app.CreateDbContext();
        var audit = await db.AuditEvents.SingleAsync(e => e.SubjectId == user.Id && e.Type == AuditEventTypes.SessionEnded);
        audit.ActorEmail.Should().Be(DemoAccounts.Support);
        audit.Reason.Should().Be("Lost phone, reported by phone call.");
        audit.Details.Should().Be("Ended by connecX support: 2 sessions ended.");
    }

    [Fact]
    public async Task PasswordReset_EndsEverySession_AndTheSignInPageSaysWhy()
    {
        var user = await app.CreateResidentAsync();
        using var client = app.CreatePortalClient();
        await client.SubmitPasswordAsync(user.Email!, DemoAccounts.Password);

        await app.WithScopeAsync(services => services.GetRequiredService<ServerSessions>().EndAllAfterPasswordResetAsync(user));

        var response = await client.GetAsync("/");
        response.Location!.Query.Should().EndWith("&reason=password-reset");
        (await SingleSessionAsync(user.Id)).EndReason.Should().Be(SessionEndReason.PasswordReset);
    }

    [Fact]
    public async Task EndingAllOtherSessions_KeepsTheCurrentOne_AndEndsPortalAndAppSessions()
    {
        var user = await app.CreateResidentAsync();
        using var keep = app.CreatePortalClient();
        using var other = app.CreatePortalClient();
        await keep.SubmitPasswordAsync(user.Email!, DemoAccounts.Password);
        var current = (await SingleSessionAsync(user.Id)).Id;
        await other.SubmitPasswordAsync(user.Email!, DemoAccounts.Password);
        await app.AddSessionsAsync([SessionTestData.NewSession(user.Id, SessionClient.Android, app.Clock.GetUtcNow())]);

        var ended = await app.WithScopeAsync(services => services.GetRequiredService<ServerSessions>()
            .EndAllAsync(user.Id, SessionEndReason.EndedByUser, user, exceptSessionId: current));

        ended.Should().Be(2);
        (await keep.GetAsync("/")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await other.GetAsync("/")).Location!.Query.Should().EndWith("&reason=ended-by-you");
    }

    [Fact]
    public async Task EndingOneSession_OnlyWorksOnTheUsersOwnSessions()
    {
        var owner = await app.CreateResidentAsync();
        var someoneElse = await app.CreateResidentAsync();
        var session = (await app.AddSessionsAsync([SessionTestData.NewSession(owner.Id, SessionClient.Android, app.Clock.GetUtcNow())]))[0].Id;

        var byOther = await app.WithScopeAsync(s => s.GetRequiredService<ServerSessions>().EndOwnAsync(someoneElse, session));
        var byOwner = await app.WithScopeAsync(s => s.GetRequiredService<ServerSessions>().EndOwnAsync(owner, session));

        byOther.Should().BeFalse();
        byOwner.Should().BeTrue();
        (await app.ReloadAsync(session)).EndReason.Should().Be(SessionEndReason.EndedByUser);
    }

    [Fact]
    public async Task AnAppSession_NeedsItsDeviceAndVersion_AndAWhiteLabelOneItsBrand()
    {
        var user = await app.CreateResidentAsync();
        var expires = app.Clock.GetUtcNow().AddDays(90);

        await app.WithScopeAsync(async services =>
        {
            var sessions = services.GetRequiredService<ServerSessions>();
            var android = await sessions.StartAsync(new SessionStart(user.Id, SessionClient.Android, SignInMethod.PasswordAndAuthenticatorApp, "Pixel 8", "203.0.113.9")
            {
                DeviceId = "device-1",
                AppVersion = "3.2.0",
                ExpiresAt = expires,
            });
            android.ExpiresAt.Should().Be(expires);

            var noDevice = () => sessions.StartAsync(new SessionStart(user.Id, SessionClient.Ios, SignInMethod.Passkey, "iPhone", null) { ExpiresAt = expires });
            await noDevice.Should().ThrowAsync<ArgumentException>();
            var noBrand = () => sessions.StartAsync(new SessionStart(user.Id, SessionClient.WhiteLabel, SignInMethod.Passkey, "iPhone", null)
            {
                DeviceId = "device-2",
                AppVersion = "1.0.0",
                ExpiresAt = expires,
            });
            await noBrand.Should().ThrowAsync<ArgumentException>();
        });
    }

    [Fact]
    public async Task AnAppSession_IsRenewedWhileLive_AndEndedOnceWhenItsRefreshTokenIsReused()
    {
        var user = await app.CreateResidentAsync();
        var session = (await app.AddSessionsAsync([SessionTestData.NewSession(user.Id, SessionClient.Ios, app.Clock.GetUtcNow())]))[0].Id;
        var renewedUntil = app.Clock.GetUtcNow().AddDays(90).AddHours(1);

        await app.WithScopeAsync(async services =>
        {
            var sessions = services.GetRequiredService<ServerSessions>();
            (await sessions.RenewAppSessionAsync(session, renewedUntil)).Should().BeTrue();
            (await sessions.EndAsync(session, SessionEndReason.RefreshTokenReused, actor: null)).Should().BeTrue();
            (await sessions.EndAsync(session, SessionEndReason.RefreshTokenReused, actor: null)).Should().BeFalse("it had ended already");
            (await sessions.RenewAppSessionAsync(session, renewedUntil.AddDays(1))).Should().BeFalse("an ended session is not renewed");
            (await sessions.CheckRequestAsync(session)).EndedBecause.Should().Be(SessionEndReason.RefreshTokenReused);
        });

        var ended = await app.ReloadAsync(session);
        ended.ExpiresAt.Should().Be(renewedUntil);
        await using var db = app.CreateDbContext();
        (await db.AuditEvents.Where(e => e.SubjectId == user.Id && e.Type == AuditEventTypes.SessionEnded).Select(e => e.Details).ToListAsync())
            .Should().Equal("Refresh token reused: iOS app, iPhone 15.");
    }

    private async Task<PortalClient> SignedInClientAsync()
    {
        var user = await app.CreateResidentAsync();
        var client = app.CreatePortalClient();
        await client.SubmitPasswordAsync(user.Email!, DemoAccounts.Password);
        (await client.GetAsync("/")).StatusCode.Should().Be(HttpStatusCode.OK);
        return client;
    }

    private async Task<UserSession> SingleSessionAsync(Guid userId)
    {
        await using var db = app.CreateDbContext();
        return await db.UserSessions.AsNoTracking().SingleAsync(s => s.UserId == userId);
    }
}
