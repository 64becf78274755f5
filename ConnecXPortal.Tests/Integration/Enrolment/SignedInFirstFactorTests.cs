using System.Net;
using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Features.Factors.Totp;
using Microsoft.EntityFrameworkCore;

namespace ConnecXPortal.Tests.Integration.Enrolment;

/// <summary>Before the cutover a user signs in with the password alone; their first authenticator app needs the mailbox proved too.</summary>
public sealed class SignedInFirstFactorTests(BeforeCutoverPortalAppFactory app) : IClassFixture<BeforeCutoverPortalAppFactory>
{
    [Fact]
    public async Task SignedInWithThePasswordAlone_TheFirstAuthenticatorApp_NeedsTheEmailedCode_AndTheSessionCarriesOn()
    {
        var email = (await app.CreateResidentAsync()).Email!;
        using var client = app.CreatePortalClient();
        (await client.SubmitPasswordAsync(email, DemoAccounts.Password)).Location!.AbsolutePath.Should().Be("/");
        using var elsewhere = app.CreatePortalClient();
        await elsewhere.SubmitPasswordAsync(email, DemoAccounts.Password);

        (await client.GetAsync("/account/setup/authenticator")).Location!.PathAndQuery.Should().Be("/account/setup/confirm-email?next=AuthenticatorApp");
        var authenticator = await client.ProveMailboxAsync(app, email, await client.ChooseMethodAsync(FactorKind.AuthenticatorApp));
        authenticator.Heading.Should().Be("Set up your authenticator app");
        var key = authenticator.Document.QuerySelector("[data-testid=authenticator-key]")!.TextContent.Replace(" ", "", StringComparison.Ordinal);
        var codes = await client.SubmitAsync(authenticator, "verify-authenticator",
            new Dictionary<string, string> { ["Input.Code"] = AuthenticatorApp.CodeAt(key, app.Clock.GetUtcNow()) });
        codes.Document.QuerySelectorAll(".cx-codes li").Should().HaveCount(10);

        var done = await client.SubmitAsync(codes, "confirm-codes", new Dictionary<string, string> { ["Confirm.Saved"] = "true" });

        done.Heading.Should().Be("You're all set");
        done.Document.QuerySelector("a.cx-button")!.GetAttribute("href").Should().Be("/account/security");
        (await client.GetAsync("/account/security")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await elsewhere.GetAsync("/")).Location!.PathAndQuery.Should().EndWith("reason=factors-changed",
            "a password-only session elsewhere ends when the account gains its first factor");
        await using var db = app.CreateDbContext();
        (await db.UserFactors.SingleAsync(f => f.User.Email == email)).Kind.Should().Be(FactorKind.AuthenticatorApp);
    }
}
