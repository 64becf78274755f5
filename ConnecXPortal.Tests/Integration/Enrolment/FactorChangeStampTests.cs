using System.Net;
using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Domain.Sessions;
using ConnecXPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ConnecXPortal.Tests.Integration.Enrolment;

/// <summary>
/// Every change to the sign-in methods (added, removed, recovery codes renewed) rotates the security stamp: pending
/// sign-ins and app tickets from before are void and the other portal sessions end, while the session that made the
/// change carries on and the app sessions stay signed in. Choosing another default method changes nothing of that.
/// </summary>
public sealed class FactorChangeStampTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task AddingAFactor_RotatesTheStamp_VoidsPendingSignIns_EndsOtherPortalSessions_AndKeepsThisOneAndTheApps()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        using var here = app.CreatePortalClient();
        await here.SignInWithAuthenticatorAsync(app, email, key);
        using var elsewhere = app.CreatePortalClient();
        await elsewhere.SignInWithAuthenticatorAsync(app, email, key);
        using var halfway = app.CreatePortalClient();
        (await halfway.SubmitPasswordAsync(email, DemoAccounts.Password)).Location!.AbsolutePath.Should().Be("/account/verify");
        using var phone = app.CreateAppClient();
        var phoneTokens = await phone.SignInWithAuthenticatorAsync(app, email, key);
        using var tablet = app.CreateAppClient();
        var tabletTicket = (await tablet.SignInAsync(email)).String("ticket")!;
        var stampBefore = await StampAsync(email);

        var step = await here.ChooseMethodAsync(FactorKind.EmailCode);
        var added = await here.SubmitAsync(step, "verify-email", new Dictionary<string, string> { ["Input.Code"] = await app.Emails.WaitForCodeAsync(email) });

        added.Location!.PathAndQuery.Should().Be("/account/security?status=factor-added");
        (await StampAsync(email)).Should().NotBe(stampBefore);
        var security = await here.GetAsync("/account/security?status=factor-added");
        security.StatusCode.Should().Be(HttpStatusCode.OK, "this session carries on with a re-issued cookie");
        security.Html.Should().Contain("your other browsers were signed out");
        (await elsewhere.GetAsync("/")).Location!.PathAndQuery.Should().EndWith("reason=factors-changed");
        (await halfway.GetAsync("/account/verify")).Location!.AbsolutePath.Should().Be("/account/sign-in", "the half-finished sign-in is void");
        (await phone.GetSessionAsync(phoneTokens.AccessToken)).Status.Should().Be(HttpStatusCode.OK, "app sessions are not bound to the stamp");
        (await tablet.SecondFactorAsync(tabletTicket, "authenticator_app", app.NextTotp(key))).ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid_ticket");
        app.Clock.Advance(TimeSpan.FromMinutes(31));
        (await here.GetAsync("/account/sessions")).StatusCode.Should().Be(HttpStatusCode.OK, "the re-issued cookie passes the security-stamp check too");
        await using var db = app.CreateDbContext();
        (await db.UserSessions.Where(s => s.User.Email == email && s.EndReason == SessionEndReason.FactorsChanged).Select(s => s.Client).ToListAsync())
            .Should().Equal(SessionClient.Portal);
    }

    [Fact]
    public async Task RemovingAFactor_AndRenewingRecoveryCodes_EachRotateTheStamp_AndEndTheOtherPortalSessions()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        await app.AddEmailFactorAsync(email);
        using var here = app.CreatePortalClient();
        await here.SignInWithAuthenticatorAsync(app, email, key);
        using var elsewhere = app.CreatePortalClient();
        await elsewhere.SignInWithAuthenticatorAsync(app, email, key);
        var stamp = await StampAsync(email);

        var page = await here.GetAsync("/account/security");
        var remove = page.Document.QuerySelectorAll("button[aria-label]").First(b => b.GetAttribute("aria-label") == "Remove: email code");
        var removed = await here.SubmitAsync(page, remove.Closest("form")!.QuerySelector("input[name=_handler]")!.GetAttribute("value")!, new Dictionary<string, string>());

        removed.Location!.PathAndQuery.Should().Be("/account/security?status=factor-removed");
        (await StampAsync(email)).Should().NotBe(stamp);
        (await here.GetAsync("/account/security")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await elsewhere.GetAsync("/")).Location!.PathAndQuery.Should().EndWith("reason=factors-changed");

        using var again = app.CreatePortalClient();
        await again.SignInWithAuthenticatorAsync(app, email, key);
        stamp = await StampAsync(email);
        var codes = await here.SubmitAsync(await here.GetAsync("/account/security"), "new-codes", new Dictionary<string, string>());

        codes.Document.QuerySelectorAll(".cx-codes li").Should().HaveCount(10);
        (await StampAsync(email)).Should().NotBe(stamp);
        (await here.GetAsync("/account/security")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await again.GetAsync("/")).Location!.PathAndQuery.Should().EndWith("reason=factors-changed");
    }

    [Fact]
    public async Task ChangingTheDefaultMethod_KeepsTheStamp_AndTheOtherSessions()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        await app.AddEmailFactorAsync(email);
        using var here = app.CreatePortalClient();
        await here.SignInWithAuthenticatorAsync(app, email, key);
        using var elsewhere = app.CreatePortalClient();
        await elsewhere.SignInWithAuthenticatorAsync(app, email, key);
        var stamp = await StampAsync(email);

        var page = await here.GetAsync("/account/security");
        var makeDefault = page.Document.QuerySelectorAll("button[aria-label]").First(b => b.GetAttribute("aria-label") == "Make default: email code");
        var changed = await here.SubmitAsync(page, makeDefault.Closest("form")!.QuerySelector("input[name=_handler]")!.GetAttribute("value")!, new Dictionary<string, string>());

        changed.Location!.PathAndQuery.Should().Be("/account/security?status=default-changed");
        (await StampAsync(email)).Should().Be(stamp, "which method is asked first changes nothing another session proved");
        (await elsewhere.GetAsync("/")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private async Task<string?> StampAsync(string email)
    {
        await using var db = app.CreateDbContext();
        return await db.Users.Where(u => u.Email == email).Select(u => u.SecurityStamp).SingleAsync();
    }
}
