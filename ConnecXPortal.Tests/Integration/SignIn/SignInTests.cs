using System.Net;
using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ConnecXPortal.Tests.Integration.SignIn;

/// <summary>The password step, before the cutover, where users without a factor still sign in with the password alone.</summary>
public sealed class SignInTests(BeforeCutoverPortalAppFactory app) : IClassFixture<BeforeCutoverPortalAppFactory>
{
    private const string WrongCredentials = "The email or password is not right. Check them and try again. " +
        "After 5 unsuccessful attempts we lock the account for 15 minutes to protect it, and email its owner.";

    [Fact]
    public async Task Home_WhenAnonymous_RedirectsToSignInWithReturnUrl()
    {
        using var client = app.CreatePortalClient();

        var response = await client.GetAsync("/");

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Location!.PathAndQuery.Should().Be("/account/sign-in?returnUrl=%2F");
    }

    [Fact]
    public async Task SignIn_AsDemoResident_ShowsTheirBuildingUnitAndNotices()
    {
        using var client = app.CreatePortalClient();

        var response = await client.SubmitPasswordAsync(DemoAccounts.Resident, DemoAccounts.Password);
        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Location!.AbsolutePath.Should().Be("/");

        var home = await client.GetAsync("/");
        home.StatusCode.Should().Be(HttpStatusCode.OK);
        home.Heading.Should().Be("Welcome, Olivia");
        home.Html.Should().Contain("Unit 1204").And.Contain("Harbourview Apartments").And.Contain("Lift maintenance")
            .And.Contain("Multi-factor authentication is coming").And.Contain("From 21 August 2024 you will verify your identity");
    }

    [Fact]
    public async Task SignIn_WithWrongPassword_ShowsMessageAndKeepsTheEmail()
    {
        using var client = app.CreatePortalClient();

        var response = await client.SubmitPasswordAsync(DemoAccounts.Manager, "not-the-password-at-all");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Alerts.Should().ContainSingle().Which.Should().Be(WrongCredentials);
        response.Document.QuerySelector("#email")!.GetAttribute("value").Should().Be(DemoAccounts.Manager);
        response.Document.QuerySelector("#password")!.GetAttribute("value").Should().BeEmpty();
    }

    [Fact]
    public async Task SignIn_WithUnknownEmail_ShowsTheSameMessageAsAWrongPassword()
    {
        using var client = app.CreatePortalClient();

        var response = await client.SubmitPasswordAsync("nobody-here@example.com", "whatever-password");

        response.Alerts.Should().ContainSingle().Which.Should().Be(WrongCredentials);
    }

    [Fact]
    public async Task SignIn_InvitedResidentWithoutPassword_IsRefusedLikeAWrongPassword()
    {
        using var client = app.CreatePortalClient();

        var response = await client.SubmitPasswordAsync(DemoAccounts.InvitedResident, DemoAccounts.Password);

        response.Alerts.Should().ContainSingle().Which.Should().Be(WrongCredentials);
    }

    [Fact]
    public async Task SignIn_WithMissingFields_ShowsWhatIsMissing()
    {
        using var client = app.CreatePortalClient();

        var response = await client.SubmitPasswordAsync("", "");

        response.Document.QuerySelectorAll(".cx-field__error").Select(e => e.TextContent)
            .Should().BeEquivalentTo("Enter your email address.", "Enter your password.");
    }

    [Fact]
    public async Task SignIn_ToAnotherSite_IsKeptOnThePortal()
    {
        using var client = app.CreatePortalClient();

        var email = (await app.CreateResidentAsync()).Email!;

        var response = await client.SubmitPasswordAsync(email, DemoAccounts.Password, returnUrl: "//evil.example.com/");

        response.Location!.AbsolutePath.Should().Be("/");
        response.Location.Host.Should().Be("127.0.0.1");
    }

    [Fact]
    public async Task SignIn_Succeeded_And_Failed_AreAudited()
    {
        using var client = app.CreatePortalClient();
        var email = (await app.CreateResidentAsync()).Email!;

        await client.SubmitPasswordAsync(email, "wrong-password-here");
        await client.SubmitPasswordAsync(email, DemoAccounts.Password);

        await using var db = app.CreateDbContext();
        var events = await db.AuditEvents.Where(e => e.SubjectEmail == email).OrderBy(e => e.Id).ToListAsync();
        events.Select(e => e.Type).Should().Equal(AuditEventTypes.SignInFailed, AuditEventTypes.SignInSucceeded);
        events.Should().OnlyContain(e => e.IpAddress == "127.0.0.1");
    }

    [Fact]
    public async Task SignOut_EndsTheSession_AndSaysSo()
    {
        using var client = app.CreatePortalClient();
        await client.SubmitPasswordAsync((await app.CreateResidentAsync()).Email!, DemoAccounts.Password);
        var home = await client.GetAsync("/");
        var token = home.Document.QuerySelector("#cx-sign-out input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        var signOut = await client.Http.PostAsync("/account/sign-out",
            new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));

        signOut.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var page = await client.GetAsync(signOut.Headers.Location!.ToString());
        page.Document.QuerySelector("[role=status]")!.TextContent.Should().Be("You have signed out.");
        (await client.GetAsync("/")).StatusCode.Should().Be(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task SignOut_WithoutAntiforgeryToken_IsRefused()
    {
        using var client = app.CreatePortalClient();
        await client.SubmitPasswordAsync((await app.CreateResidentAsync()).Email!, DemoAccounts.Password);

        var signOut = await client.Http.PostAsync("/account/sign-out", new FormUrlEncodedContent([]));

        signOut.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        signOut.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await client.GetAsync("/")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AuthCookie_IsHttpOnlyAndSameSiteLax()
    {
        using var client = app.CreatePortalClient();

        var response = await client.SubmitPasswordAsync(DemoAccounts.Resident, DemoAccounts.Password);

        var cookie = response.Message.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("connecx.portal=", StringComparison.Ordinal));
        cookie.Should().Contain("httponly").And.Contain("samesite=lax");
    }
}
