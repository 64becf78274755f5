using System.Net;
using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Domain.Sessions;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Cutover;
using ConnecXPortal.Web.Features.Factors.EmailCode;
using ConnecXPortal.Web.Features.Factors.RecoveryCodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ConnecXPortal.Tests.Integration.AppApi;

/// <summary>Signing in through the app API after the cutover: the password, then each kind of second factor.</summary>
public sealed class AppApiSignInTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task SignIn_WithAuthenticatorCode_StartsAnAndroidAppSession_AndReturnsTokens()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        using var client = app.CreateAppClient();

        var password = await client.SignInAsync(email, deviceName: "Pixel 8");
        password.Status.Should().Be(HttpStatusCode.OK, password.Body);
        password.String("status").Should().Be("second_factor_required");
        password.Json.GetProperty("ticketExpiresIn").GetInt32().Should().Be(900);
        password.Json.GetProperty("methods").EnumerateArray().Select(m => m.GetString()).Should().Equal("authenticator_app", "recovery_code");
        password.String("defaultMethod").Should().Be("authenticator_app");
        password.Json.TryGetProperty("tokens", out _).Should().BeFalse("the password alone signs nobody in");

        var verified = await client.SecondFactorAsync(password.String("ticket")!, "authenticator_app", app.NextTotp(key));

        verified.Status.Should().Be(HttpStatusCode.OK, verified.Body);
        verified.String("status").Should().Be("signed_in");
        var tokens = verified.Tokens;
        tokens.ExpiresIn.Should().Be(15 * 60);
        tokens.RefreshTokenExpiresIn.Should().Be(90 * 24 * 3600);
        verified.Json.GetProperty("tokens").GetProperty("tokenType").GetString().Should().Be("Bearer");

        var session = await app.ReloadAsync(tokens.SessionId);
        session.Client.Should().Be(SessionClient.Android);
        session.Device.Should().Be("Pixel 8");
        session.DeviceId.Should().Be(client.DeviceId);
        session.AppVersion.Should().Be("3.2.0");
        session.SignInMethod.Should().Be(SignInMethod.PasswordAndAuthenticatorApp);
        session.ExpiresAt.Should().Be(app.Clock.GetUtcNow().AddDays(90));

        var me = await client.GetSessionAsync(tokens.AccessToken);
        me.Status.Should().Be(HttpStatusCode.OK, me.Body);
        me.String("email").Should().Be(email);
        me.Json.GetProperty("session").GetProperty("platform").GetString().Should().Be("android");
        me.Json.GetProperty("session").GetProperty("signInMethod").GetString().Should().Be("Password and authenticator app");

        await using var db = app.CreateDbContext();
        var succeeded = await db.AuditEvents.SingleAsync(e => e.SubjectEmail == email && e.Type == AuditEventTypes.SignInSucceeded);
        succeeded.Details.Should().Be("Android app: Password and authenticator app, Pixel 8.");
        (await db.AppRefreshTokens.CountAsync(t => t.SessionId == tokens.SessionId)).Should().Be(1);
        (await db.AppRefreshTokens.SingleAsync(t => t.SessionId == tokens.SessionId)).TokenHash.Should().HaveCount(32, "only the hash is stored");
    }

    [Fact]
    public async Task SignIn_WithEmailCode_SentByItsOwnCall()
    {
        var email = (await app.CreateResidentAsync()).Email!;
        await app.AddEmailFactorAsync(email);
        using var client = app.CreateAppClient("ios");

        var password = await client.SignInAsync(email, deviceName: "iPhone 15");
        password.String("defaultMethod").Should().Be("email_code");
        app.Emails.CountOf(email, EmailCodes.Template).Should().Be(0, "the app asks for the code with its own call");
        var ticket = password.String("ticket")!;

        var sent = await client.PostAsync("sign-in/email-code", new { ticket });
        sent.Status.Should().Be(HttpStatusCode.Accepted, sent.Body);
        sent.Json.GetProperty("codeExpiresIn").GetInt32().Should().Be(600);
        var code = await app.Emails.WaitForCodeAsync(email);

        var tooSoon = await client.PostAsync("sign-in/email-code", new { ticket });
        tooSoon.ShouldBeProblem(HttpStatusCode.TooManyRequests, "too_many_codes");
        tooSoon.Json.GetProperty("retryAfter").GetInt32().Should().BeInRange(1, 60);
        tooSoon.Headers.RetryAfter.Should().NotBeNull();

        var wrong = await client.SecondFactorAsync(ticket, "email_code", code == "123456" ? "654321" : "123456");
        wrong.ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid_code");

        var verified = await client.SecondFactorAsync(ticket, "email_code", code);
        verified.Status.Should().Be(HttpStatusCode.OK, verified.Body);
        var session = await app.ReloadAsync(verified.Tokens.SessionId);
        session.Client.Should().Be(SessionClient.Ios);
        session.SignInMethod.Should().Be(SignInMethod.PasswordAndEmailCode);

        var again = await client.SecondFactorAsync(ticket, "email_code", code);
        again.ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid_ticket");
    }

    [Fact]
    public async Task EmailCode_FromAnotherSignIn_DoesNotWork_BecauseCodesAreBoundToTheirTicket()
    {
        var email = (await app.CreateResidentAsync()).Email!;
        await app.AddEmailFactorAsync(email);
        using var client = app.CreateAppClient();
        var first = (await client.SignInAsync(email)).String("ticket")!;
        (await client.PostAsync("sign-in/email-code", new { ticket = first })).Status.Should().Be(HttpStatusCode.Accepted);
        var code = await app.Emails.WaitForCodeAsync(email);
        var second = (await client.SignInAsync(email)).String("ticket")!;

        var response = await client.SecondFactorAsync(second, "email_code", code);

        response.ShouldBeProblem(HttpStatusCode.Unauthorized, "code_expired");
    }

    [Fact]
    public async Task SignIn_WithRecoveryCode_UsesItUp()
    {
        var (email, _) = await app.CreateEnrolledResidentAsync();
        var codes = await app.WithScopeAsync(async services =>
        {
            var user = (await services.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(email))!;
            return await services.GetRequiredService<UserRecoveryCodes>().IssueAsync(user, notify: false);
        });
        using var client = app.CreateAppClient("white-label", brand: "Acme Living");

        var ticket = (await client.SignInAsync(email, deviceName: "Galaxy S24")).String("ticket")!;
        var verified = await client.SecondFactorAsync(ticket, "recovery_code", codes[0]);

        verified.Status.Should().Be(HttpStatusCode.OK, verified.Body);
        var session = await app.ReloadAsync(verified.Tokens.SessionId);
        session.Client.Should().Be(SessionClient.WhiteLabel);
        session.Brand.Should().Be("Acme Living");
        session.SignInMethod.Should().Be(SignInMethod.PasswordAndRecoveryCode);

        var reused = await client.SecondFactorAsync((await client.SignInAsync(email)).String("ticket")!, "recovery_code", codes[0]);
        reused.ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid_code");
    }

    [Fact]
    public async Task ReplayedAuthenticatorCode_IsRejected()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        using var client = app.CreateAppClient();
        var code = app.NextTotp(key);
        (await client.SecondFactorAsync((await client.SignInAsync(email)).String("ticket")!, "authenticator_app", code)).Status.Should().Be(HttpStatusCode.OK);

        var replay = await client.SecondFactorAsync((await client.SignInAsync(email)).String("ticket")!, "authenticator_app", code);

        replay.ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid_code");
    }

    [Fact]
    public async Task WrongPassword_UnknownEmail_AndUnactivatedAccount_AllAnswerInvalidCredentials_WithTheSameWords()
    {
        var email = (await app.CreateResidentAsync()).Email!;
        var invited = (await app.CreateResidentAsync(activated: false)).Email!;
        using var client = app.CreateAppClient();

        var wrong = (await client.SignInAsync(email, "not-the-password-at-all")).ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid_credentials");
        var unknown = (await client.SignInAsync($"nobody-{Guid.NewGuid():N}@tests.example.com")).ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid_credentials");
        var notActivated = (await client.SignInAsync(invited)).ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid_credentials");

        unknown.Body.Should().Be(wrong.Body);
        notActivated.Body.Should().Be(wrong.Body);
        await using var db = app.CreateDbContext();
        (await db.AuditEvents.SingleAsync(e => e.SubjectEmail == email && e.Type == AuditEventTypes.SignInFailed))
            .Details.Should().Be("Android app: Wrong password.");
    }

    [Fact]
    public async Task MethodTheAccountDoesNotHave_IsNotAvailable_AndDoesNotCountAsAFailure()
    {
        var (email, _) = await app.CreateEnrolledResidentAsync();
        using var client = app.CreateAppClient();
        var ticket = (await client.SignInAsync(email)).String("ticket")!;

        (await client.SecondFactorAsync(ticket, "email_code", "123456")).ShouldBeProblem(HttpStatusCode.BadRequest, "method_not_available");
        (await client.PostAsync("sign-in/email-code", new { ticket })).ShouldBeProblem(HttpStatusCode.BadRequest, "method_not_available");

        await using var db = app.CreateDbContext();
        (await db.Users.SingleAsync(u => u.Email == email)).AccessFailedCount.Should().Be(0);
    }

    [Fact]
    public async Task Ticket_ExpiresFifteenMinutesAfterThePassword()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        using var client = app.CreateAppClient();
        var ticket = (await client.SignInAsync(email)).String("ticket")!;

        app.Clock.Advance(TimeSpan.FromMinutes(15));
        var late = await client.SecondFactorAsync(ticket, "authenticator_app", app.NextTotp(key));

        late.ShouldBeProblem(HttpStatusCode.Unauthorized, "ticket_expired");
        late.String("detail").Should().Be("Your sign-in took too long and has expired. Sign in again to continue.");
    }

    [Fact]
    public async Task Ticket_IsBoundToTheDeviceAndPlatformThatSignedIn()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        using var client = app.CreateAppClient();
        var ticket = (await client.SignInAsync(email)).String("ticket")!;
        using var otherDevice = app.CreateAppClient();
        using var otherPlatform = app.CreateAppClient("ios");
        otherPlatform.DeviceId = client.DeviceId;

        (await otherDevice.SecondFactorAsync(ticket, "authenticator_app", app.NextTotp(key))).ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid_ticket");
        (await otherPlatform.SecondFactorAsync(ticket, "authenticator_app", app.NextTotp(key))).ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid_ticket");
        (await client.SecondFactorAsync(ticket + "x", "authenticator_app", app.NextTotp(key))).ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid_ticket");
        (await client.SecondFactorAsync(ticket, "authenticator_app", app.NextTotp(key))).Status.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Lockout_IsSharedWithThePortal_AndAPasswordWhileLockedAnswersExactlyAsAWrongOne()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        using var portal = app.CreatePortalClient();
        using var client = app.CreateAppClient();
        for (var i = 0; i < 3; i++)
        {
            await portal.SubmitPasswordAsync(email, $"wrong-password-{i}");
        }

        var ticket = (await client.SignInAsync(email)).String("ticket")!;
        (await client.SecondFactorAsync(ticket, "authenticator_app", "000000")).ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid_code");
        var fifth = await client.SecondFactorAsync(ticket, "authenticator_app", "000001");

        fifth.ShouldBeProblem(HttpStatusCode.Locked, "locked_out");
        fifth.Json.GetProperty("retryAfter").GetInt32().Should().Be(15 * 60, "the second factor is only reached with the right password");
        var wrongPassword = (await client.SignInAsync(email, "still-the-wrong-password")).ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid_credentials");
        var rightPassword = (await client.SignInAsync(email)).ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid_credentials");
        var unknown = (await client.SignInAsync($"nobody-{Guid.NewGuid():N}@tests.example.com")).ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid_credentials");
        rightPassword.Body.Should().Be(wrongPassword.Body).And.Be(unknown.Body);
        rightPassword.Headers.RetryAfter.Should().BeNull();
        rightPassword.String("detail").Should().Contain("After 5 unsuccessful attempts we lock the account for 15 minutes");

        app.Clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        var after = await client.SignInWithAuthenticatorAsync(app, email, key);
        await using var db = app.CreateDbContext();
        (await db.Users.SingleAsync(u => u.Email == email)).AccessFailedCount.Should().Be(0, "a complete sign-in resets the shared counter");
        after.SessionId.Should().NotBeEmpty();
        var whileLocked = await db.AuditEvents.Where(e => e.SubjectEmail == email && e.Type == AuditEventTypes.SignInFailed && e.Details!.Contains("while locked"))
            .Select(e => e.Details).ToListAsync();
        whileLocked.Should().BeEquivalentTo(
            "Android app: Attempt while locked: the password was wrong.",
            "Android app: Attempt while locked: the password was right.");
    }

    [Fact]
    public async Task AppSessions_AppearOnTheResidentsDevicesAndSessionsPage_AndInSupportsCutoverFigures()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        var before = await app.WithScopeAsync(services => services.GetRequiredService<CutoverReport>().GetAsync());
        using var client = app.CreateAppClient();
        await client.SignInWithAuthenticatorAsync(app, email, key);

        using var portal = app.CreatePortalClient();
        await portal.SignInWithAuthenticatorAsync(app, email, key);
        var page = await portal.GetAsync("/account/sessions");

        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Html.Should().Contain("connecX app on Android").And.Contain("Pixel 8, app version 3.2.0");
        var after = await app.WithScopeAsync(services => services.GetRequiredService<CutoverReport>().GetAsync());
        after.UsersSignedInWithSecondFactor.Should().Be(before.UsersSignedInWithSecondFactor + 1);
    }

    [Fact]
    public async Task SigningInAgainOnTheSameDevice_ReplacesItsEarlierSession()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        using var client = app.CreateAppClient();
        var first = await client.SignInWithAuthenticatorAsync(app, email, key);

        var second = await client.SignInWithAuthenticatorAsync(app, email, key);

        (await app.ReloadAsync(first.SessionId)).EndReason.Should().Be(SessionEndReason.SignedOut);
        (await app.ReloadAsync(second.SessionId)).EndedAt.Should().BeNull();
        (await client.RefreshAsync(first.RefreshToken)).ShouldBeProblem(HttpStatusCode.Unauthorized, "session_ended").Reason.Should().Be("signed_out");
    }
}
