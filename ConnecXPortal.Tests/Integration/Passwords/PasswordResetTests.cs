using System.Net;
using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Features.Notifications;
using ConnecXPortal.Web.Features.Passwords;
using Microsoft.EntityFrameworkCore;

namespace ConnecXPortal.Tests.Integration.Passwords;

public sealed class PasswordResetTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    private const string NewPassword = "walking the dog at dawn";

    [Fact]
    public async Task Request_AnswersTheSame_WhetherOrNotTheEmailIsRegistered()
    {
        var (email, _) = await app.CreateEnrolledResidentAsync();
        using var client = app.CreatePortalClient();

        var known = await RequestAsync(client, email);
        var unknown = await RequestAsync(client, "nobody-at-all@example.com");

        Normalise(known.Document.QuerySelector("[role=status]")!.TextContent, email)
            .Should().Be(Normalise(unknown.Document.QuerySelector("[role=status]")!.TextContent, "nobody-at-all@example.com"));
        await app.Emails.WaitForAsync(email, PasswordResets.Template);
        await app.WaitForBackgroundEmailsAsync();
        app.Emails.CountOf(email, PasswordResets.Template).Should().Be(1);
        app.Emails.To("nobody-at-all@example.com").Should().BeEmpty();
    }

    [Fact]
    public async Task Reset_NeverSignsIn_AndTheNextSignInStillNeedsTheSecondFactor()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        using var client = app.CreatePortalClient();
        await RequestAsync(client, email);
        var link = CapturedEmails.LinkIn(await app.Emails.WaitForAsync(email, PasswordResets.Template), "/account/reset-password");

        var done = await ResetAsync(client, link, NewPassword);

        done.Location!.PathAndQuery.Should().Be("/account/sign-in?reason=password-reset");
        (await client.GetAsync("/")).Location!.AbsolutePath.Should().Be("/account/sign-in", "a reset never signs in");
        (await client.SubmitPasswordAsync(email, DemoAccounts.Password)).Alerts.Should().ContainSingle("the old password no longer works");
        var password = await client.SubmitPasswordAsync(email, NewPassword);
        password.Location!.AbsolutePath.Should().Be("/account/verify", "a reset never skips the second factor");
        (await client.SubmitCodeAsync(app.NextTotp(key))).Location!.AbsolutePath.Should().Be("/");
        app.Emails.CountOf(email, SecurityNotification.PasswordResetTemplate).Should().Be(1);
    }

    [Fact]
    public async Task Reset_EndsEveryExistingSession()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        using var signedIn = app.CreatePortalClient();
        await signedIn.SignInWithAuthenticatorAsync(app, email, key);
        using var client = app.CreatePortalClient();
        await RequestAsync(client, email);
        var link = CapturedEmails.LinkIn(await app.Emails.WaitForAsync(email, PasswordResets.Template), "/account/reset-password");

        await ResetAsync(client, link, NewPassword);

        var home = await signedIn.GetAsync("/");
        home.Location!.AbsolutePath.Should().Be("/account/sign-in");
        home.Location.Query.Should().Contain("reason=password-reset");
        await using var db = app.CreateDbContext();
        (await db.AuditEvents.CountAsync(e => e.SubjectEmail == email && e.Type == AuditEventTypes.SessionEnded)).Should().Be(1);
    }

    [Fact]
    public async Task ResetLink_WorksOnce()
    {
        var (email, _) = await app.CreateEnrolledResidentAsync();
        using var client = app.CreatePortalClient();
        await RequestAsync(client, email);
        var link = CapturedEmails.LinkIn(await app.Emails.WaitForAsync(email, PasswordResets.Template), "/account/reset-password");
        await ResetAsync(client, link, NewPassword);

        var again = await client.GetAsync(link.PathAndQuery);

        again.Heading.Should().Be("This link no longer works");
        again.Document.QuerySelector("a[href='/account/forgot-password']")!.TextContent.Should().Be("Ask for a new link");
    }

    [Fact]
    public async Task ResetLink_ExpiresAfterOneHour()
    {
        var (email, _) = await app.CreateEnrolledResidentAsync();
        using var client = app.CreatePortalClient();
        await RequestAsync(client, email);
        var link = CapturedEmails.LinkIn(await app.Emails.WaitForAsync(email, PasswordResets.Template), "/account/reset-password");
        app.Clock.Advance(TimeSpan.FromMinutes(59));
        (await client.GetAsync(link.PathAndQuery)).Heading.Should().Be("Choose a new password");

        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var expired = await client.GetAsync(link.PathAndQuery);

        expired.Heading.Should().Be("This link no longer works");
        expired.Html.Should().Contain("links to reset a password work for 1 hour");
    }

    [Fact]
    public async Task Reset_RefusesACommonPassword_AndMismatchedConfirmation()
    {
        var (email, _) = await app.CreateEnrolledResidentAsync();
        using var client = app.CreatePortalClient();
        await RequestAsync(client, email);
        var link = CapturedEmails.LinkIn(await app.Emails.WaitForAsync(email, PasswordResets.Template), "/account/reset-password");

        var common = await ResetAsync(client, link, "qwerty123456");
        var mismatch = await ResetAsync(client, link, NewPassword, NewPassword + "!");

        common.StatusCode.Should().Be(HttpStatusCode.OK);
        common.Document.QuerySelector("#new-password-error")!.TextContent.Should().Contain("one of the most common passwords");
        mismatch.Document.QuerySelector("#confirm-password-error")!.TextContent.Should().StartWith("The two passwords are not the same.");
    }

    private static async Task<PortalResponse> RequestAsync(PortalClient client, string email)
    {
        var page = await client.GetAsync("/account/forgot-password");
        return await client.SubmitAsync(page, "forgot-password", new Dictionary<string, string> { ["Input.Email"] = email });
    }

    private static async Task<PortalResponse> ResetAsync(PortalClient client, Uri link, string password, string? confirm = null)
    {
        var page = await client.GetAsync(link.PathAndQuery);
        return await client.SubmitAsync(page, "reset-password", new Dictionary<string, string>
        {
            ["Input.NewPassword"] = password,
            ["Input.ConfirmPassword"] = confirm ?? password,
        });
    }

    private static string Normalise(string text, string email) =>
        System.Text.RegularExpressions.Regex.Replace(text.Replace(email, "EMAIL", StringComparison.Ordinal), @"\s+", " ").Trim();
}
