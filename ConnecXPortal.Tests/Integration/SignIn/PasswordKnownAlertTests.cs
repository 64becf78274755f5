using System.Net;
using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Features.Help;
using ConnecXPortal.Web.Features.Notifications;
using Microsoft.EntityFrameworkCore;

namespace ConnecXPortal.Tests.Integration.SignIn;

/// <summary>"Someone knows your password": the right password followed by 3 failed second factors.</summary>
public sealed class PasswordKnownAlertTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task RightPassword_ThenThreeWrongCodes_EmailsTheOwner_WithALinkToChangeThePasswordAndHelp()
    {
        var (email, _) = await app.CreateEnrolledResidentAsync();
        using var client = app.CreatePortalClient();
        await client.SubmitPasswordAsync(email, DemoAccounts.Password);
        await client.SubmitCodeAsync("000000");
        await client.SubmitCodeAsync("000001");
        app.Emails.CountOf(email, SecurityNotification.PasswordKnownTemplate).Should().Be(0, "two failures are not yet the alert");

        await client.SubmitCodeAsync("000002");

        var message = app.Emails.To(email).Should().ContainSingle(m => m.Template == SecurityNotification.PasswordKnownTemplate).Subject;
        message.Subject.Should().Be("Someone knows your connecX password");
        message.TextBody.Should().Contain("with the right password, then failed to verify it's you 3 times");
        CapturedEmails.LinkIn(message, "/account/forgot-password").Should().NotBeNull();
        CapturedEmails.LinkIn(message, HelpRoutes.ForgottenPassword).Should().NotBeNull();
        await using var db = app.CreateDbContext();
        (await db.AuditEvents.SingleAsync(e => e.SubjectEmail == email && e.Type == AuditEventTypes.PasswordKnownAlert)).Details
            .Should().Be("The right password, then 3 failed second factors. The owner was emailed.");
    }

    [Fact]
    public async Task FailuresAcrossSignIns_InThePortalAndTheApp_CountTogether_AndAlertOnlyOnceADay()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        using var portal = app.CreatePortalClient();
        using var phone = app.CreateAppClient();
        await portal.SubmitPasswordAsync(email, DemoAccounts.Password);
        await portal.SubmitCodeAsync("000000");
        (await phone.SecondFactorAsync((await phone.SignInAsync(email)).String("ticket")!, "authenticator_app", "000001"))
            .ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid_code");
        await portal.SubmitPasswordAsync(email, DemoAccounts.Password);
        await portal.SubmitCodeAsync("000002");
        app.Emails.CountOf(email, SecurityNotification.PasswordKnownTemplate).Should().Be(1, "three failures in three sign-ins, portal and app");

        (await portal.SubmitCodeAsync(app.NextTotp(key))).Location!.AbsolutePath.Should().Be("/", "the owner signs in, which starts the counts again");
        await FailThreeTimesAsync(portal, email);
        app.Emails.CountOf(email, SecurityNotification.PasswordKnownTemplate).Should().Be(1, "at most one alert in 24 hours");

        (await portal.SubmitCodeAsync(app.NextTotp(key))).Location!.AbsolutePath.Should().Be("/");
        app.Clock.Advance(TimeSpan.FromHours(24));
        await FailThreeTimesAsync(portal, email);
        app.Emails.CountOf(email, SecurityNotification.PasswordKnownTemplate).Should().Be(2);
    }

    [Fact]
    public async Task ACompleteSignIn_StartsTheCountAgain_SoTheOwnersOwnTyposAreNotReported()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        using var client = app.CreatePortalClient();
        await client.SubmitPasswordAsync(email, DemoAccounts.Password);
        await client.SubmitCodeAsync("000000");
        await client.SubmitCodeAsync("000001");
        (await client.SubmitCodeAsync(app.NextTotp(key))).Location!.AbsolutePath.Should().Be("/");
        using var later = app.CreatePortalClient();
        await later.SubmitPasswordAsync(email, DemoAccounts.Password);

        await later.SubmitCodeAsync("000002");

        app.Emails.CountOf(email, SecurityNotification.PasswordKnownTemplate).Should().Be(0);
    }

    [Fact]
    public async Task FailuresOlderThanADay_DoNotCount()
    {
        var (email, _) = await app.CreateEnrolledResidentAsync();
        using var client = app.CreatePortalClient();
        await client.SubmitPasswordAsync(email, DemoAccounts.Password);
        await client.SubmitCodeAsync("000000");
        await client.SubmitCodeAsync("000001");
        app.Clock.Advance(TimeSpan.FromHours(24));
        await client.SubmitPasswordAsync(email, DemoAccounts.Password);

        await client.SubmitCodeAsync("000002");

        app.Emails.CountOf(email, SecurityNotification.PasswordKnownTemplate).Should().Be(0, "the window is 24 hours from the first failure");
    }

    private async Task FailThreeTimesAsync(PortalClient client, string email)
    {
        (await client.SubmitPasswordAsync(email, DemoAccounts.Password)).Location!.AbsolutePath.Should().Be("/account/verify");
        for (var i = 0; i < 3; i++)
        {
            (await client.SubmitCodeAsync($"00000{i}")).Alerts.Should().ContainSingle();
        }
    }
}
