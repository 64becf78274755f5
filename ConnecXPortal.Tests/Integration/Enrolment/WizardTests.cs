using System.Net;
using System.Text.RegularExpressions;
using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Features.Factors.Totp;
using ConnecXPortal.Web.Features.Notifications;
using Microsoft.EntityFrameworkCore;

namespace ConnecXPortal.Tests.Integration.Enrolment;

/// <summary>The enrolment wizard for anyone without a factor after the password step (the clock is after the cutover).</summary>
public sealed partial class WizardTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task UserWithoutFactor_IsSentToTheWizard_AndEveryPageAndEndpointSendsThemBack()
    {
        var email = (await app.CreateResidentAsync()).Email!;
        using var client = app.CreatePortalClient();

        var password = await client.SubmitPasswordAsync(email, DemoAccounts.Password);

        password.Location!.AbsolutePath.Should().Be("/account/setup");
        foreach (var path in new[] { "/", "/account/security", "/manage/invite", "/dev/outbox", "/account/setup/finish/../../../" })
        {
            (await client.GetAsync(path)).Location!.AbsolutePath.Should().Be("/account/setup", path);
        }

        var post = await client.Http.PostAsync("/account/sign-out-elsewhere", new FormUrlEncodedContent([]));
        post.Headers.Location!.ToString().Should().Be("/account/setup");
        var setup = await client.GetAsync("/account/setup");
        setup.StatusCode.Should().Be(HttpStatusCode.OK);
        setup.Heading.Should().Be("Protect your account");
        setup.Document.QuerySelectorAll("input[type=radio]").Select(r => setup.Document.QuerySelector($"label[for={r.Id}]")!.TextContent)
            .Should().Equal("Authenticator app", "Passkey", "Email code");
        setup.Document.QuerySelector("[aria-current=step]")!.TextContent.Trim().Should().Be("Choose a method");
        setup.Document.QuerySelectorAll(".cx-progress li").Select(l => Regex.Replace(l.TextContent, @"\s+", " ").Trim())
            .Should().Equal("Choose a method", "Set it up", "Verify", "Save recovery codes", "Done");
    }

    [Fact]
    public async Task AuthenticatorApp_IsSetUpWithAServerDrawnQrCodeAndTheKeyInFours_ThenRecoveryCodes_ThenSignedIn()
    {
        var email = (await app.CreateResidentAsync()).Email!;
        using var client = app.CreatePortalClient();
        await client.SubmitPasswordAsync(email, DemoAccounts.Password);

        var setup = await client.ProveMailboxAsync(app, email, await ChooseAsync(client, FactorKind.AuthenticatorApp));
        setup.Heading.Should().Be("Set up your authenticator app");
        var qr = setup.Document.QuerySelector("img.cx-qr")!.GetAttribute("src")!;
        qr.Should().StartWith("data:image/svg+xml;base64,", "the QR code is drawn on the server, never by a third-party service");
        var shownKey = setup.Document.QuerySelector("[data-testid=authenticator-key]")!.TextContent;
        shownKey.Should().MatchRegex("^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$");
        var key = shownKey.Replace(" ", "", StringComparison.Ordinal);
        setup.Document.QuerySelector("label[for=code]")!.TextContent.Should().Be("Code");

        var wrong = await client.SubmitAsync(setup, "verify-authenticator", new Dictionary<string, string> { ["Input.Code"] = "000000" });
        wrong.Alerts.Should().ContainSingle().Which.Should().StartWith("That code is not right");
        wrong.Document.QuerySelector("[data-testid=authenticator-key]")!.TextContent.Should().Be(shownKey, "the key stays while the user retries");

        var codesPage = await client.SubmitAsync(wrong, "verify-authenticator",
            new Dictionary<string, string> { ["Input.Code"] = AuthenticatorApp.CodeAt(key, app.Clock.GetUtcNow()) });

        codesPage.Heading.Should().Be("Save your recovery codes");
        var codes = codesPage.Document.QuerySelectorAll(".cx-codes li").Select(li => li.TextContent).ToList();
        codes.Should().HaveCount(10).And.OnlyContain(c => RecoveryCodePattern().IsMatch(c));
        codesPage.Document.QuerySelector("a[download]")!.GetAttribute("href").Should().StartWith("data:text/plain");
        (await client.GetAsync("/")).Location!.AbsolutePath.Should().Be("/account/setup", "not signed in before the codes are confirmed");

        var done = await client.SubmitAsync(codesPage, "confirm-codes", new Dictionary<string, string> { ["Confirm.Saved"] = "true" });

        done.Heading.Should().Be("You're all set");
        (await client.GetAsync("/")).StatusCode.Should().Be(HttpStatusCode.OK);
        await using var db = app.CreateDbContext();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        var factor = await db.UserFactors.SingleAsync(f => f.UserId == user.Id);
        factor.Kind.Should().Be(FactorKind.AuthenticatorApp);
        factor.IsDefault.Should().BeTrue();
        (await db.UserTokens.SingleAsync(t => t.UserId == user.Id && t.Name == "AuthenticatorKey")).Value.Should().Be(key);
        (await db.RecoveryCodes.CountAsync(c => c.UserId == user.Id)).Should().Be(10);
        (await db.AuditEvents.Where(e => e.SubjectId == user.Id && e.Type == AuditEventTypes.SignInSucceeded).SingleAsync())
            .Details.Should().Be(SignInMethod.PasswordAndAuthenticatorApp.DisplayName());
        app.Emails.CountOf(email, SecurityNotification.FirstEnrolmentTemplate).Should().Be(1);
        app.Emails.CountOf(email, SecurityNotification.FactorAddedTemplate).Should().Be(0, "the first factor has its own email");
    }

    [Fact]
    public async Task EmailCode_IsSetUpWithTheCodeSentToTheAccount()
    {
        var email = (await app.CreateResidentAsync()).Email!;
        using var client = app.CreatePortalClient();
        await client.SubmitPasswordAsync(email, DemoAccounts.Password);

        var page = await ChooseAsync(client, FactorKind.EmailCode);
        page.Heading.Should().Be("Check your email");
        var code = await app.Emails.WaitForCodeAsync(email);

        var codesPage = await client.SubmitAsync(page, "verify-email", new Dictionary<string, string> { ["Input.Code"] = code });

        codesPage.Heading.Should().Be("Save your recovery codes");
        await client.SubmitAsync(codesPage, "confirm-codes", new Dictionary<string, string> { ["Confirm.Saved"] = "true" });
        (await client.GetAsync("/")).StatusCode.Should().Be(HttpStatusCode.OK);
        await using var db = app.CreateDbContext();
        (await db.UserFactors.SingleAsync(f => f.User.Email == email)).Kind.Should().Be(FactorKind.EmailCode);
    }

    [Fact]
    public async Task RecoveryCodes_MustBeConfirmed_BeforeContinuing()
    {
        var email = (await app.CreateResidentAsync()).Email!;
        using var client = app.CreatePortalClient();
        await client.SubmitPasswordAsync(email, DemoAccounts.Password);
        var page = await ChooseAsync(client, FactorKind.EmailCode);
        var codesPage = await client.SubmitAsync(page, "verify-email",
            new Dictionary<string, string> { ["Input.Code"] = await app.Emails.WaitForCodeAsync(email) });

        var unconfirmed = await client.SubmitAsync(codesPage, "confirm-codes", new Dictionary<string, string>());

        unconfirmed.Alerts.Should().ContainSingle().Which.Should().Be("Tick the box to confirm you have saved your recovery codes.");
        unconfirmed.Document.QuerySelectorAll(".cx-codes li").Select(li => li.TextContent)
            .Should().Equal(codesPage.Document.QuerySelectorAll(".cx-codes li").Select(li => li.TextContent), "the same codes are shown again");
        unconfirmed.Document.QuerySelector("label[for=saved]")!.TextContent.Should().Be("I have saved my recovery codes");
        (await client.GetAsync("/")).Location!.AbsolutePath.Should().Be("/account/setup");
    }

    [Fact]
    public async Task HalfSignedInState_ExpiresAfterFifteenMinutes()
    {
        var email = (await app.CreateResidentAsync()).Email!;
        using var client = app.CreatePortalClient();
        var password = await client.SubmitPasswordAsync(email, DemoAccounts.Password);
        var cookie = password.Message.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("connecx.pending=", StringComparison.Ordinal));
        cookie.Should().Contain("httponly").And.Contain("samesite=lax");

        app.Clock.Advance(TimeSpan.FromMinutes(15));
        var setup = await client.GetAsync("/account/setup");

        setup.Location!.PathAndQuery.Should().Be("/account/sign-in?reason=sign-in-expired");
        (await client.GetAsync("/")).Location!.AbsolutePath.Should().Be("/account/sign-in");
    }

    [Fact]
    public async Task CancelAndSignOut_EndsTheHalfSignedInState()
    {
        var email = (await app.CreateResidentAsync()).Email!;
        using var client = app.CreatePortalClient();
        await client.SubmitPasswordAsync(email, DemoAccounts.Password);
        var setup = await client.GetAsync("/account/setup");
        var token = setup.Document.QuerySelector("form[action='/account/sign-out'] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        await client.Http.PostAsync("/account/sign-out", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));

        (await client.GetAsync("/")).Location!.AbsolutePath.Should().Be("/account/sign-in");
    }

    [Fact]
    public async Task PasskeyCreationOptions_RequireUserVerification_AndPreferAResidentKey()
    {
        var email = (await app.CreateResidentAsync()).Email!;
        using var client = app.CreatePortalClient();
        await client.SubmitPasswordAsync(email, DemoAccounts.Password);
        var page = await client.ProveMailboxAsync(app, email, await ChooseAsync(client, FactorKind.Passkey));
        page.Heading.Should().Be("Set up a passkey");
        var token = page.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/passkey/creation-options");
        request.Headers.Add("RequestVerificationToken", token);
        var response = await client.Http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var json = await response.Content.ReadAsStringAsync();
        json.Should().Contain("\"userVerification\":\"required\"").And.Contain("\"residentKey\":\"preferred\"").And.Contain(email);
    }

    [Theory]
    [InlineData("/account/passkey/request-options?for=sign-in")]
    [InlineData("/account/passkey/creation-options")]
    public async Task PasskeyOptions_WithoutAntiforgeryToken_AreRefusedWithAProblem(string path)
    {
        using var client = app.CreatePortalClient();

        var response = await client.Http.PostAsync(path, new FormUrlEncodedContent([]));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.Content.ReadAsStringAsync()).Should().Contain("\"code\":\"antiforgery\"");
    }

    private static Task<PortalResponse> ChooseAsync(PortalClient client, FactorKind kind) => client.ChooseMethodAsync(kind);

    [GeneratedRegex("^[34679ACDEFGHJKMNPQRTUVWXY]{5}-[34679ACDEFGHJKMNPQRTUVWXY]{5}$")]
    private static partial Regex RecoveryCodePattern();
}
