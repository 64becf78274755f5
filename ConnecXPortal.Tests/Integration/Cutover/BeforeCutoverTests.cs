using System.Net;
using ConnecXPortal.Tests.Infrastructure;

namespace ConnecXPortal.Tests.Integration.Cutover;

/// <summary>Before the portal cutover MFA is optional, and every page announces the date.</summary>
public sealed class BeforeCutoverTests(BeforeCutoverPortalAppFactory app) : IClassFixture<BeforeCutoverPortalAppFactory>
{
    [Fact]
    public async Task UserWithoutFactor_SignsInWithThePasswordAlone_AndIsInvitedToSetOneUp()
    {
        var email = (await app.CreateResidentAsync()).Email!;
        using var client = app.CreatePortalClient();

        var password = await client.SubmitPasswordAsync(email, DemoAccounts.Password);

        password.Location!.AbsolutePath.Should().Be("/");
        var home = await client.GetAsync("/");
        home.StatusCode.Should().Be(HttpStatusCode.OK);
        var banner = home.Document.QuerySelector("aside.cx-banner")!;
        banner.TextContent.Should().Contain("From 21 Aug 2024, 6:00 pm");
        banner.QuerySelector("a")!.GetAttribute("href").Should().Be("/account/security");
    }

    [Fact]
    public async Task UserWithAFactor_IsStillChallenged()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        using var client = app.CreatePortalClient();

        var password = await client.SubmitPasswordAsync(email, DemoAccounts.Password);

        password.Location!.AbsolutePath.Should().Be("/account/verify");
        (await client.SubmitCodeAsync(app.NextTotp(key))).Location!.AbsolutePath.Should().Be("/");
    }

    [Fact]
    public async Task TheBanner_IsOnTheAccountPagesToo()
    {
        using var client = app.CreatePortalClient();

        var signIn = await client.GetAsync("/account/sign-in");

        signIn.Document.QuerySelector("aside.cx-banner")!.TextContent.Should().Contain("you will verify your identity each time you sign in");
    }

    [Fact]
    public async Task TheOnlyFactor_CanBeRemoved_WhileMfaIsOptional()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        using var client = app.CreatePortalClient();
        await client.SignInWithAuthenticatorAsync(app, email, key);

        var page = await client.GetAsync("/account/security");

        page.Document.QuerySelectorAll("button[aria-label]").Select(b => b.GetAttribute("aria-label")).Should().Contain("Remove: authenticator app");
    }
}

public sealed class AfterCutoverBannerTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task AfterTheCutover_TheBannerIsGone()
    {
        using var client = app.CreatePortalClient();

        var signIn = await client.GetAsync("/account/sign-in");

        signIn.Document.QuerySelector("aside.cx-banner").Should().BeNull();
    }
}
