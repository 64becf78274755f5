using System.Net;
using ConnecXPortal.Domain.Sessions;
using ConnecXPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ConnecXPortal.Tests.Integration.Cutover;

/// <summary>The portal on the evening of 21 August with the cutover job running on its fake clock (a portal per test: the clock only moves forward).</summary>
public sealed class CutoverCookieTests
{
    private static readonly DateTimeOffset PortalCutover = new(2024, 8, 21, 18, 0, 0, TimeSpan.FromHours(10));

    [Fact]
    public async Task PortalCookieFromBeforeTheCutover_StopsWorkingAtTheCutover_AndTheSignInPageSaysWhy()
    {
        await using var owned = await OwnedApp<CutoverEveAppFactory>.StartAsync(new CutoverEveAppFactory());
        var app = owned.App;
        var user = await app.CreateResidentAsync();
        using var client = app.CreatePortalClient();
        await client.SubmitPasswordAsync(user.Email!, DemoAccounts.Password);
        app.Clock.Advance(TimeSpan.FromMinutes(30));
        (await client.GetAsync("/")).StatusCode.Should().Be(HttpStatusCode.OK, "MFA is optional before the cutover");

        app.Clock.SetUtcNow(PortalCutover.AddSeconds(30));
        var response = await client.GetAsync("/");

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Location!.PathAndQuery.Should().Be("/account/sign-in?returnUrl=%2F&reason=mfa-cutover");
        var page = await client.FollowAsync(response);
        page.Document.QuerySelector("[role=status]")!.TextContent.Should()
            .Be("connecX now requires multi-factor authentication. Sign in to continue.");

        // The job, woken by the clock, records the ending on the session.
        await Eventually.TrueAsync(async () =>
        {
            await using var db = app.CreateDbContext();
            return await db.UserSessions.AnyAsync(s => s.UserId == user.Id && s.EndReason == SessionEndReason.MfaCutover);
        }, "the cutover job has ended the session");
    }

    [Fact]
    public async Task PortalSession_StartedAfterTheCutover_KeepsWorking()
    {
        await using var owned = await OwnedApp<CutoverEveAppFactory>.StartAsync(new CutoverEveAppFactory());
        var app = owned.App;
        app.Clock.SetUtcNow(PortalCutover.AddMinutes(5));

        var (email, key) = await app.CreateEnrolledResidentAsync();
        using var client = app.CreatePortalClient();
        (await client.SignInWithAuthenticatorAsync(app, email, key)).Location!.AbsolutePath.Should().Be("/");
        app.Clock.Advance(TimeSpan.FromMinutes(10));

        (await client.GetAsync("/")).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
