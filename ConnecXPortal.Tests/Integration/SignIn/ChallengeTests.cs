using System.Net;
using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Features.Factors.Totp;
using Microsoft.EntityFrameworkCore;

namespace ConnecXPortal.Tests.Integration.SignIn;

public sealed class ChallengeTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task SignIn_WithAuthenticatorCode_AfterThePassword_ReachesHome()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        using var client = app.CreatePortalClient();

        var password = await client.SubmitPasswordAsync(email, DemoAccounts.Password);
        password.Location!.AbsolutePath.Should().Be("/account/verify");
        (await client.GetAsync("/")).Location!.AbsolutePath.Should().Be("/account/verify", "the home page waits for the second factor");

        var verified = await client.SubmitCodeAsync(app.NextTotp(key));

        verified.Location!.AbsolutePath.Should().Be("/");
        (await client.GetAsync("/")).StatusCode.Should().Be(HttpStatusCode.OK);
        await using var db = app.CreateDbContext();
        (await db.AuditEvents.Where(e => e.SubjectEmail == email && e.Type == AuditEventTypes.SignInSucceeded).SingleAsync())
            .Details.Should().Be(SignInMethod.PasswordAndAuthenticatorApp.DisplayName());
    }

    [Fact]
    public async Task FormPosts_ThatMoveTheSignInOn_AnswerWithARedirectAlone_NotARenderedPage()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        using var client = app.CreatePortalClient();

        var password = await client.SubmitPasswordAsync(email, DemoAccounts.Password);
        var verified = await client.SubmitCodeAsync(app.NextTotp(key));

        foreach (var redirect in new[] { password, verified })
        {
            redirect.StatusCode.Should().Be(HttpStatusCode.Redirect);
            redirect.Document.QuerySelectorAll("form").Should().BeEmpty("a page nobody sees is not rendered (nor its antiforgery tokens made)");
            redirect.Document.QuerySelector("h1").Should().BeNull();
        }
    }

    [Fact]
    public async Task SignIn_RecordsTheSession_TheStepUp_AndTheAuditEvent_Together()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        using var client = app.CreatePortalClient();

        await client.SignInWithAuthenticatorAsync(app, email, key);

        await using var db = app.CreateDbContext();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        var session = await db.UserSessions.SingleAsync(s => s.UserId == user.Id);
        session.SignInMethod.Should().Be(SignInMethod.PasswordAndAuthenticatorApp);
        (await db.StepUpVerifications.SingleAsync(v => v.UserId == user.Id)).SignInId.Should().Be(session.Id);
        (await db.AuditEvents.CountAsync(e => e.SubjectId == user.Id && e.Type == AuditEventTypes.SignInSucceeded)).Should().Be(1);
    }

    [Fact]
    public async Task ReplayedTotpCode_IsRejected()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        using var first = app.CreatePortalClient();
        await first.SubmitPasswordAsync(email, DemoAccounts.Password);
        var code = app.NextTotp(key);
        (await first.SubmitCodeAsync(code)).Location!.AbsolutePath.Should().Be("/");

        using var second = app.CreatePortalClient();
        await second.SubmitPasswordAsync(email, DemoAccounts.Password);
        var replay = await second.SubmitCodeAsync(code);

        replay.StatusCode.Should().Be(HttpStatusCode.OK);
        replay.Alerts.Should().ContainSingle().Which.Should().Be("That code is not right. Check it and try again.");
    }

    [Fact]
    public async Task TotpCode_FromOneStepAgo_IsAccepted_ButNotFromTwo()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        var now = app.Clock.GetUtcNow();
        using var client = app.CreatePortalClient();
        await client.SubmitPasswordAsync(email, DemoAccounts.Password);

        var twoStepsAgo = await client.SubmitCodeAsync(AuthenticatorApp.CodeAt(key, now - 2 * TotpPolicy.Step));
        twoStepsAgo.Alerts.Should().ContainSingle();
        var oneStepAgo = await client.SubmitCodeAsync(AuthenticatorApp.CodeAt(key, now - TotpPolicy.Step));
        oneStepAgo.Location!.AbsolutePath.Should().Be("/");
    }
}
