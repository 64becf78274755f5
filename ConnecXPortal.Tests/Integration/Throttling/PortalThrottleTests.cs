using System.Net;
using AngleSharp.Html.Dom;
using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Features.Factors.EmailCode;
using ConnecXPortal.Web.Features.Passwords;
using Microsoft.EntityFrameworkCore;

namespace ConnecXPortal.Tests.Integration.Throttling;

/// <summary>
/// The portal's forms answer a refused request on the same form: 429, Retry-After, "Too many attempts. Try again in
/// N minutes.", what was typed kept except secrets. Limits (ThrottledPortalAppFactory): sign-in 3 per account and 5
/// per address an hour, and so on; each test uses its own accounts and client addresses.
/// </summary>
public sealed class PortalThrottleTests(ThrottledPortalAppFactory app) : IClassFixture<ThrottledPortalAppFactory>
{
    private const string WrongPassword = "not the password at all";

    [Fact]
    public async Task SignIn_AfterTheAccountLimit_IsRefusedFromEveryAddress_KeepingTheEmailButNotThePassword()
    {
        var email = (await app.CreateResidentAsync()).Email!;
        for (var i = 0; i < 3; i++)
        {
            (await SignInFromAsync(ThrottledPortalAppFactory.NextAddress(), email, WrongPassword)).Alerts
                .Should().ContainSingle().Which.Should().StartWith("The email or password is not right.");
        }

        var refused = await SignInFromAsync(ThrottledPortalAppFactory.NextAddress(), email, DemoAccounts.Password);

        ShouldBeRefused(refused, "20 minutes");
        Input(refused, "email").GetAttribute("value").Should().Be(email);
        Input(refused, "password").GetAttribute("value").Should().BeNullOrEmpty();
    }

    [Fact]
    public async Task SignIn_ForAnUnknownEmail_IsRefusedAfterTheSameNumberOfAttempts()
    {
        var email = $"nobody-{Guid.NewGuid():N}@tests.example.com";
        for (var i = 0; i < 3; i++)
        {
            (await SignInFromAsync(ThrottledPortalAppFactory.NextAddress(), email, WrongPassword)).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        ShouldBeRefused(await SignInFromAsync(ThrottledPortalAppFactory.NextAddress(), email, WrongPassword), "20 minutes");
    }

    [Fact]
    public async Task SignIn_TwoClientsBehindTheKnownProxy_AreLimitedSeparately_AndAuditedByTheirOwnAddress()
    {
        var first = ThrottledPortalAppFactory.NextAddress();
        var second = ThrottledPortalAppFactory.NextAddress();
        for (var i = 0; i < 5; i++)
        {
            (await SignInFromAsync(first, $"stuffing-{Guid.NewGuid():N}@tests.example.com", WrongPassword)).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        ShouldBeRefused(await SignInFromAsync(first, $"stuffing-{Guid.NewGuid():N}@tests.example.com", WrongPassword), "12 minutes");
        var other = $"other-{Guid.NewGuid():N}@tests.example.com";
        var answered = await SignInFromAsync(second, other, WrongPassword);

        answered.StatusCode.Should().Be(HttpStatusCode.OK);
        answered.Alerts.Should().ContainSingle().Which.Should().StartWith("The email or password is not right.");
        await using var db = app.CreateDbContext();
        (await db.AuditEvents.SingleAsync(e => e.SubjectEmail == other && e.Type == AuditEventTypes.SignInFailed)).IpAddress.Should().Be(second);
    }

    [Fact]
    public async Task SignIn_IPv6AddressesInOne64_ShareALimit_AndAnother64DoesNot()
    {
        for (var i = 0; i < 5; i++)
        {
            await SignInFromAsync($"2001:db8:77:1::{i + 1:x}", $"v6-{Guid.NewGuid():N}@tests.example.com", WrongPassword);
        }

        ShouldBeRefused(await SignInFromAsync("2001:db8:77:1:ffff:ffff:ffff:fffe", $"v6-{Guid.NewGuid():N}@tests.example.com", WrongPassword), "12 minutes");
        (await SignInFromAsync("2001:db8:77:2::1", $"v6-{Guid.NewGuid():N}@tests.example.com", WrongPassword)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task SignIn_FromAnIPv4MappedAddress_CountsAsTheIPv4Address()
    {
        var address = ThrottledPortalAppFactory.NextAddress();
        for (var i = 0; i < 5; i++)
        {
            await SignInFromAsync(address, $"mapped-{Guid.NewGuid():N}@tests.example.com", WrongPassword);
        }

        ShouldBeRefused(await SignInFromAsync($"::ffff:{address}", $"mapped-{Guid.NewGuid():N}@tests.example.com", WrongPassword), "12 minutes");
    }

    [Fact]
    public async Task PasskeySignIn_IsLimitedPerAddress()
    {
        using var client = app.CreatePortalClientFrom(ThrottledPortalAppFactory.NextAddress());
        var page = await client.GetAsync("/account/sign-in");
        var fields = new Dictionary<string, string> { ["Passkey.Error"] = "The passkey request was cancelled or timed out." };
        for (var i = 0; i < 5; i++)
        {
            (await client.SubmitAsync(page, "passkey-sign-in", fields)).Alerts.Should().ContainSingle().Which.Should().StartWith("The passkey request was cancelled");
        }

        ShouldBeRefused(await client.SubmitAsync(page, "passkey-sign-in", fields), "12 minutes");
    }

    [Fact]
    public async Task Challenge_CodeEntry_AfterTheAccountLimit_IsRefusedOnTheChallenge_EvenWithTheRightCode()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        var cookies = new CookieContainer();
        using (var password = app.CreatePortalClientFrom(ThrottledPortalAppFactory.NextAddress(), cookies))
        {
            (await password.SubmitPasswordAsync(email, DemoAccounts.Password)).Location!.AbsolutePath.Should().Be("/account/verify");
        }

        for (var i = 0; i < 3; i++)
        {
            using var client = app.CreatePortalClientFrom(ThrottledPortalAppFactory.NextAddress(), cookies);
            (await client.SubmitCodeAsync("000000")).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        using var last = app.CreatePortalClientFrom(ThrottledPortalAppFactory.NextAddress(), cookies);
        var refused = await last.SubmitCodeAsync(app.NextTotp(key));

        ShouldBeRefused(refused, "20 minutes");
        refused.Heading.Should().Be("Verify it's you");
        Input(refused, "code").GetAttribute("value").Should().BeNullOrEmpty();
    }

    [Fact]
    public async Task Challenge_EmailCodeSending_AfterTheAccountLimit_IsRefused_AndSendsNothing()
    {
        var email = (await app.CreateResidentAsync()).Email!;
        await app.AddEmailFactorAsync(email);
        using var client = app.CreatePortalClientFrom(ThrottledPortalAppFactory.NextAddress());
        (await client.SubmitPasswordAsync(email, DemoAccounts.Password)).Location!.AbsolutePath.Should().Be("/account/verify");
        await app.Emails.WaitForAsync(email, EmailCodes.Template);
        for (var sent = 1; sent < 3; sent++)
        {
            app.Clock.Advance(TimeSpan.FromSeconds(61));
            var again = await SendNewCodeAsync(client);
            again.Document.QuerySelector("[role=status]")!.TextContent.Should().StartWith("We sent a new code");
        }

        app.Clock.Advance(TimeSpan.FromSeconds(61));
        var refused = await SendNewCodeAsync(client);

        ShouldBeRefused(refused, "20 minutes");
        app.Emails.CountOf(email, EmailCodes.Template).Should().Be(3);
    }

    [Fact]
    public async Task ForgotPassword_AfterTheAddressLimit_IsRefusedOnTheForm_KeepingTheEmail()
    {
        var address = ThrottledPortalAppFactory.NextAddress();
        for (var i = 0; i < 5; i++)
        {
            (await ForgotPasswordFromAsync(address, $"forgot-{Guid.NewGuid():N}@tests.example.com")).Document.QuerySelector("[role=status]").Should().NotBeNull();
        }

        var email = $"forgot-{Guid.NewGuid():N}@tests.example.com";
        var refused = await ForgotPasswordFromAsync(address, email);

        ShouldBeRefused(refused, "12 minutes");
        refused.Heading.Should().Be("Forgot your password?");
        Input(refused, "email").GetAttribute("value").Should().Be(email);
        refused.Document.QuerySelector("[role=status]").Should().BeNull("nothing was queued");
    }

    [Fact]
    public async Task ResetPasswordForm_AfterTheAccountLimit_IsRefused_AndKeepsTheLink()
    {
        var email = (await app.CreateResidentAsync()).Email!;
        await ForgotPasswordFromAsync(ThrottledPortalAppFactory.NextAddress(), email);
        var link = CapturedEmails.LinkIn(await app.Emails.WaitForAsync(email, PasswordResets.Template), PasswordResets.ResetPath);
        using var client = app.CreatePortalClientFrom(ThrottledPortalAppFactory.NextAddress());
        var page = await client.GetAsync(link.PathAndQuery);
        for (var i = 0; i < 2; i++)
        {
            var mismatch = await SubmitNewPasswordAsync(client, page, "reset-password", "a new passphrase here", "another passphrase");
            mismatch.Document.QuerySelector("#confirm-password-error").Should().NotBeNull();
        }

        var refused = await SubmitNewPasswordAsync(client, page, "reset-password", "a new passphrase here", "a new passphrase here");

        ShouldBeRefused(refused, "30 minutes");
        refused.Heading.Should().Be("Choose a new password");
        refused.Document.QuerySelector("input[name='Input.Token']")!.GetAttribute("value").Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task ActivationForm_AfterTheAccountLimit_IsRefused()
    {
        var email = (await app.CreateResidentAsync(activated: false)).Email!;
        using var client = app.CreatePortalClientFrom(ThrottledPortalAppFactory.NextAddress());
        var start = await client.GetAsync("/account/activate?token=not-a-real-token");
        await client.SubmitAsync(start, "new-activation-link", new Dictionary<string, string> { ["NewLink.Email"] = email });
        var link = CapturedEmails.LinkIn(await app.Emails.WaitForAsync(email, Web.Features.Invitations.ResidentInvitations.Template), "/account/activate");
        var page = await client.GetAsync(link.PathAndQuery);
        for (var i = 0; i < 2; i++)
        {
            await SubmitNewPasswordAsync(client, page, "activate", "my first passphrase", "something else");
        }

        var refused = await SubmitNewPasswordAsync(client, page, "activate", "my first passphrase", "my first passphrase");

        ShouldBeRefused(refused, "30 minutes");
        refused.Heading.Should().Be("Activate your account");
    }

    internal static void ShouldBeRefused(PortalResponse response, string wait)
    {
        response.StatusCode.Should().Be(HttpStatusCode.TooManyRequests, response.Html);
        response.Message.Headers.RetryAfter!.Delta.Should().BePositive();
        response.Alerts.Should().ContainSingle().Which.Should().Be($"Too many attempts. Try again in {wait}.");
    }

    private static IHtmlInputElement Input(PortalResponse page, string id) =>
        page.Document.QuerySelector($"#{id}") as IHtmlInputElement ?? throw new InvalidOperationException($"No #{id} on:\n{page.Html}");

    private async Task<PortalResponse> SignInFromAsync(string address, string email, string password)
    {
        using var client = app.CreatePortalClientFrom(address);
        return await client.SubmitPasswordAsync(email, password);
    }

    private async Task<PortalResponse> ForgotPasswordFromAsync(string address, string email)
    {
        using var client = app.CreatePortalClientFrom(address);
        var page = await client.GetAsync("/account/forgot-password");
        return await client.SubmitAsync(page, "forgot-password", new Dictionary<string, string> { ["Input.Email"] = email });
    }

    private static async Task<PortalResponse> SendNewCodeAsync(PortalClient client)
    {
        var page = await client.GetAsync("/account/verify?method=EmailCode");
        return await client.SubmitAsync(page, "send-email-code", new Dictionary<string, string>());
    }

    private static Task<PortalResponse> SubmitNewPasswordAsync(PortalClient client, PortalResponse page, string form, string password, string confirmation) =>
        client.SubmitAsync(page, form, new Dictionary<string, string>
        {
            ["Input.NewPassword"] = password,
            ["Input.ConfirmPassword"] = confirmation,
        });
}
