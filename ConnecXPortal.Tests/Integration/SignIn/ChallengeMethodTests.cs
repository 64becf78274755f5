using System.Net;
using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Factors.RecoveryCodes;
using ConnecXPortal.Web.Features.Notifications;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ConnecXPortal.Tests.Integration.SignIn;

public sealed class ChallengeMethodTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task EmailCodeDefault_IsSentAfterThePassword_AndSignsIn()
    {
        var email = (await app.CreateResidentAsync()).Email!;
        await app.AddEmailFactorAsync(email);
        using var client = app.CreatePortalClient();

        var password = await client.SubmitPasswordAsync(email, DemoAccounts.Password);
        password.Location!.AbsolutePath.Should().Be("/account/verify");
        var challenge = await client.GetAsync("/account/verify");
        challenge.Html.Should().Contain("We emailed a 6-digit code to");
        var code = await app.Emails.WaitForCodeAsync(email);

        var verified = await client.SubmitAsync(challenge, "verify-code", new Dictionary<string, string> { ["Input.Code"] = code });

        verified.Location!.AbsolutePath.Should().Be("/");
        await using var db = app.CreateDbContext();
        (await db.AuditEvents.Where(e => e.SubjectEmail == email && e.Type == AuditEventTypes.SignInSucceeded).SingleAsync())
            .Details.Should().Be(SignInMethod.PasswordAndEmailCode.DisplayName());
    }

    [Fact]
    public async Task UseAnotherMethod_ListsTheOtherFactors_AndRecoveryCodes()
    {
        var (email, _) = await app.CreateEnrolledResidentAsync();
        await app.AddEmailFactorAsync(email);
        using var client = app.CreatePortalClient();
        await client.SubmitPasswordAsync(email, DemoAccounts.Password);
        var challenge = await client.GetAsync("/account/verify");
        challenge.Document.QuerySelectorAll("button").Select(b => b.TextContent.Trim()).Should().Contain(["Verify", "Use another method"]);

        var choices = await client.GetAsync("/account/verify?method=choose");

        choices.Document.QuerySelectorAll("main a[role=button], main button").Select(b => b.TextContent.Trim())
            .Should().ContainInOrder("Authenticator app", "Email code", "Recovery code");
        var sent = await client.SubmitAsync(choices, "send-email-code", new Dictionary<string, string>());
        sent.Html.Should().Contain("We sent a new code");
        var code = await app.Emails.WaitForCodeAsync(email);
        var verified = await client.SubmitAsync(sent, "verify-code", new Dictionary<string, string> { ["Input.Code"] = code });
        verified.Location!.AbsolutePath.Should().Be("/");
    }

    [Fact]
    public async Task RecoveryCode_SignsIn_Once_AndEmailsTheUser()
    {
        var (email, _) = await app.CreateEnrolledResidentAsync();
        var codes = await IssueCodesAsync(email);
        using var client = app.CreatePortalClient();
        await client.SubmitPasswordAsync(email, DemoAccounts.Password);

        var verified = await client.SubmitCodeAsync(codes[3].ToLowerInvariant(), "RecoveryCode");

        verified.Location!.AbsolutePath.Should().Be("/");
        (await app.Emails.WaitForAsync(email, SecurityNotification.RecoveryCodeUsedTemplate)).TextBody.Should().Contain("you have 9 left");
        using var again = app.CreatePortalClient();
        await again.SubmitPasswordAsync(email, DemoAccounts.Password);
        var reused = await again.SubmitCodeAsync(codes[3], "RecoveryCode");
        reused.Alerts.Should().ContainSingle().Which.Should().StartWith("That recovery code is not right, or it was used before.");
        await using var db = app.CreateDbContext();
        (await db.AuditEvents.CountAsync(e => e.SubjectEmail == email && e.Type == AuditEventTypes.RecoveryCodeUsed)).Should().Be(1);
    }

    [Fact]
    public async Task RecoveryCodes_AreStoredOnlyAsSaltedHashes()
    {
        var (email, _) = await app.CreateEnrolledResidentAsync();
        var codes = await IssueCodesAsync(email);

        await using var db = app.CreateDbContext();
        var userId = (await db.Users.SingleAsync(u => u.Email == email)).Id;
        var rows = await db.RecoveryCodes.Where(c => c.UserId == userId).ToListAsync();
        rows.Should().HaveCount(10);
        rows.Select(r => Convert.ToBase64String(r.Salt)).Should().OnlyHaveUniqueItems();
        rows.Should().OnlyContain(r => r.Hash.Length == 32);
        var stored = string.Join("|", rows.Select(r => System.Text.Encoding.UTF8.GetString(r.Hash)));
        codes.Should().OnlyContain(c => !stored.Contains(c.Replace("-", "", StringComparison.Ordinal), StringComparison.Ordinal));
        (await db.UserTokens.AnyAsync(t => t.Name == "RecoveryCodes" && t.UserId == userId)).Should().BeFalse("Identity's plain-text store is not used");
    }

    [Fact]
    public async Task UserWithAFactor_IsAskedAgainAtEverySignIn_NoRememberedDevice()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        using var client = app.CreatePortalClient();
        (await client.SignInWithAuthenticatorAsync(app, email, key)).Location!.AbsolutePath.Should().Be("/");
        client.Cookies.GetAllCookies().Select(c => c.Name).Should().NotContain(n => n.Contains("TwoFactorRememberMe", StringComparison.Ordinal));
        var home = await client.GetAsync("/");
        var token = home.Document.QuerySelector("#cx-sign-out input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        await client.Http.PostAsync("/account/sign-out", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));

        var again = await client.SubmitPasswordAsync(email, DemoAccounts.Password);

        again.Location!.AbsolutePath.Should().Be("/account/verify");
        (await client.GetAsync("/account/verify")).Html.Should().NotContainAny("Remember this", "remember this");
    }

    [Fact]
    public async Task ChallengeWithoutAPendingSignIn_SendsToSignIn()
    {
        using var client = app.CreatePortalClient();

        var page = await client.GetAsync("/account/verify");

        page.Location!.PathAndQuery.Should().Be("/account/sign-in?reason=sign-in-expired");
    }

    [Fact]
    public async Task ChallengeForm_WithoutAntiforgeryToken_IsRefused()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        using var client = app.CreatePortalClient();
        await client.SubmitPasswordAsync(email, DemoAccounts.Password);

        var post = await client.Http.PostAsync("/account/verify", new FormUrlEncodedContent(
            [new("_handler", "verify-code"), new("Input.Code", app.NextTotp(key))]));

        post.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await client.GetAsync("/")).Location!.AbsolutePath.Should().Be("/account/verify");
    }

    [Fact]
    public async Task PasskeySignIn_WithAnUnusableCredential_SaysSo_AndSignsNobodyIn()
    {
        using var client = app.CreatePortalClient();
        var page = await client.GetAsync("/account/sign-in");
        page.Document.QuerySelectorAll("button").Select(b => b.TextContent.Trim()).Should().Contain(["Sign in", "Sign in with a passkey"]);

        var response = await client.SubmitAsync(page, "passkey-sign-in", new Dictionary<string, string> { ["Passkey.CredentialJson"] = "{\"id\":\"x\"}" });

        response.Alerts.Should().ContainSingle().Which.Should().StartWith("That passkey is not set up for connecX.");
        (await client.GetAsync("/")).Location!.AbsolutePath.Should().Be("/account/sign-in");
    }

    private Task<IReadOnlyList<string>> IssueCodesAsync(string email) =>
        app.WithScopeAsync(async services =>
        {
            var user = (await services.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(email))!;
            return await services.GetRequiredService<UserRecoveryCodes>().IssueAsync(user, notify: false);
        });
}
