using System.Net;
using System.Web;
using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Features.Factors.EmailCode;
using ConnecXPortal.Web.Features.Factors.Totp;
using Microsoft.EntityFrameworkCore;

namespace ConnecXPortal.Tests.Integration.AppApi;

/// <summary>After the cutover, an account without a second factor sets one up through the app API before it signs in.</summary>
public sealed class AppApiEnrolmentTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task AccountWithoutAFactor_SetsUpAnAuthenticatorApp_GetsTenRecoveryCodesOnce_AndIsSignedIn()
    {
        var email = (await app.CreateResidentAsync()).Email!;
        using var client = app.CreateAppClient();

        var password = await client.SignInAsync(email);
        password.Status.Should().Be(HttpStatusCode.OK, password.Body);
        password.String("status").Should().Be("enrolment_required");
        password.Json.GetProperty("methods").EnumerateArray().Select(m => m.GetString()).Should().Equal("authenticator_app", "email_code");
        var ticket = password.String("ticket")!;
        (await client.SecondFactorAsync(ticket, "recovery_code", "ABCDE-FGHJK")).ShouldBeProblem(HttpStatusCode.Forbidden, "enrolment_required");
        await app.ConfirmMailboxAsync(client, email, ticket);

        var setup = await client.PostAsync("sign-in/enrolment/authenticator", new { ticket });
        setup.Status.Should().Be(HttpStatusCode.OK, setup.Body);
        var key = setup.String("key")!;
        var uri = new Uri(setup.String("otpauthUri")!);
        uri.Scheme.Should().Be("otpauth");
        Uri.UnescapeDataString(uri.AbsolutePath).Should().Be($"/connecX:{email}");
        var query = HttpUtility.ParseQueryString(uri.Query);
        query["secret"].Should().Be(key);
        query["issuer"].Should().Be("connecX");
        setup.String("formattedKey").Should().Be(AuthenticatorApp.FormatKey(key));
        var setupToken = setup.String("setupToken")!;

        (await client.PostAsync("sign-in/enrolment/authenticator/verify", new { ticket, setupToken, code = "000000" }))
            .ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid_code");
        (await client.PostAsync("sign-in/enrolment/authenticator/verify", new { ticket, setupToken = setupToken + "x", code = app.NextTotp(key) }))
            .ShouldBeProblem(HttpStatusCode.BadRequest, "setup_expired");

        var verified = await client.PostAsync("sign-in/enrolment/authenticator/verify", new { ticket, setupToken, code = app.NextTotp(key) });

        verified.Status.Should().Be(HttpStatusCode.OK, verified.Body);
        verified.String("status").Should().Be("signed_in");
        var codes = verified.Json.GetProperty("recoveryCodes").EnumerateArray().Select(c => c.GetString()!).ToList();
        codes.Should().HaveCount(10).And.OnlyHaveUniqueItems();
        (await app.ReloadAsync(verified.Tokens.SessionId)).SignInMethod.Should().Be(SignInMethod.PasswordAndAuthenticatorApp);
        await using (var db = app.CreateDbContext())
        {
            var user = await db.Users.SingleAsync(u => u.Email == email);
            (await db.UserFactors.SingleAsync(f => f.UserId == user.Id)).Kind.Should().Be(FactorKind.AuthenticatorApp);
            (await db.RecoveryCodes.CountAsync(c => c.UserId == user.Id && c.UsedAt == null)).Should().Be(10);
            (await db.AuditEvents.SingleAsync(e => e.SubjectId == user.Id && e.Type == AuditEventTypes.FactorAdded)).Details
                .Should().Be("Android app: Authenticator app.");
            (await db.AuditEvents.CountAsync(e => e.SubjectId == user.Id && e.Type == AuditEventTypes.RecoveryCodesIssued)).Should().Be(1);
        }

        (await client.PostAsync("sign-in/enrolment/authenticator", new { ticket }))
            .ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid_ticket");
        var next = await client.SignInAsync(email);
        next.String("status").Should().Be("second_factor_required");
        (await client.SecondFactorAsync(next.String("ticket")!, "recovery_code", codes[3])).Status.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AccountWithoutAFactor_SetsUpEmailCodes_WithTheirOwnSendCall()
    {
        var email = (await app.CreateResidentAsync()).Email!;
        using var client = app.CreateAppClient("ios");
        var ticket = (await client.SignInAsync(email, deviceName: "iPhone 15")).String("ticket")!;

        var sent = await client.PostAsync("sign-in/enrolment/email", new { ticket });
        sent.Status.Should().Be(HttpStatusCode.Accepted, sent.Body);
        var message = await app.Emails.WaitForAsync(email, EmailCodes.Template);
        message.TextBody.Should().Contain("set up email codes");
        var code = MfaEmails.CodeIn(message);
        (await client.PostAsync("sign-in/enrolment/email/verify", new { ticket, code = code == "111111" ? "222222" : "111111" }))
            .ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid_code");

        var verified = await client.PostAsync("sign-in/enrolment/email/verify", new { ticket, code });

        verified.Status.Should().Be(HttpStatusCode.OK, verified.Body);
        verified.Json.GetProperty("recoveryCodes").GetArrayLength().Should().Be(10);
        (await app.ReloadAsync(verified.Tokens.SessionId)).SignInMethod.Should().Be(SignInMethod.PasswordAndEmailCode);
        await using var db = app.CreateDbContext();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        (await db.UserFactors.SingleAsync(f => f.UserId == user.Id)).Kind.Should().Be(FactorKind.EmailCode);
        user.EmailConfirmed.Should().BeTrue();
    }

    [Fact]
    public async Task AuthenticatorApp_NeedsTheEmailAddressConfirmed_WithACodeSentToIt_First()
    {
        var email = (await app.CreateResidentAsync()).Email!;
        using var client = app.CreateAppClient();
        var password = await client.SignInAsync(email);
        password.Json.GetProperty("mailboxVerified").GetBoolean().Should().BeFalse();
        var ticket = password.String("ticket")!;

        (await client.PostAsync("sign-in/enrolment/authenticator", new { ticket }))
            .ShouldBeProblem(HttpStatusCode.Forbidden, "mailbox_verification_required");
        (await client.PostAsync("sign-in/enrolment/authenticator/verify", new { ticket, setupToken = "whatever", code = "123456" }))
            .ShouldBeProblem(HttpStatusCode.Forbidden, "mailbox_verification_required");
        var sent = await client.PostAsync("sign-in/enrolment/mailbox", new { ticket });
        sent.Status.Should().Be(HttpStatusCode.Accepted, sent.Body);
        var message = await app.Emails.WaitForAsync(email, EmailCodes.Template);
        message.TextBody.Should().Contain("confirm this is your email address before you set up an authenticator app");
        var code = MfaEmails.CodeIn(message);
        (await client.PostAsync("sign-in/enrolment/mailbox/verify", new { ticket, code = code == "111111" ? "222222" : "111111" }))
            .ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid_code");
        (await client.PostAsync("sign-in/enrolment/authenticator", new { ticket }))
            .ShouldBeProblem(HttpStatusCode.Forbidden, "mailbox_verification_required");

        var verified = await client.PostAsync("sign-in/enrolment/mailbox/verify", new { ticket, code });

        verified.Status.Should().Be(HttpStatusCode.OK, verified.Body);
        verified.String("status").Should().Be("enrolment_required");
        verified.Json.GetProperty("mailboxVerified").GetBoolean().Should().BeTrue();
        verified.String("ticket").Should().Be(ticket);
        (await client.PostAsync("sign-in/enrolment/authenticator", new { ticket })).Status.Should().Be(HttpStatusCode.OK);
        await using var db = app.CreateDbContext();
        (await db.AuditEvents.CountAsync(e => e.SubjectEmail == email && e.Type == AuditEventTypes.EnrolmentEmailConfirmed)).Should().Be(1);

        using var other = app.CreateAppClient();
        var otherTicket = (await other.SignInAsync(email)).String("ticket")!;
        (await other.PostAsync("sign-in/enrolment/authenticator", new { ticket = otherTicket }))
            .ShouldBeProblem(HttpStatusCode.Forbidden, "mailbox_verification_required");
    }

    [Fact]
    public async Task FirstEnrolment_InTheApp_EmailsTheOwner_WhichMethod_WhenAndFromWhichDevice()
    {
        var email = (await app.CreateResidentAsync()).Email!;
        using var client = app.CreateAppClient("ios");
        var ticket = (await client.SignInAsync(email, deviceName: "Zara's iPhone")).String("ticket")!;
        (await client.PostAsync("sign-in/enrolment/email", new { ticket })).Status.Should().Be(HttpStatusCode.Accepted);

        (await client.PostAsync("sign-in/enrolment/email/verify", new { ticket, code = await app.Emails.WaitForCodeAsync(email) }))
            .Status.Should().Be(HttpStatusCode.OK);

        var message = await app.Emails.WaitForAsync(email, ConnecXPortal.Web.Features.Notifications.SecurityNotification.FirstEnrolmentTemplate);
        message.TextBody.Should().Contain("The email code method was set up on your account")
            .And.Contain("When: 1 Oct 2024, ")
            .And.Contain("Where: Zara's iPhone, iOS app, from the IP address 127.0.0.1.")
            .And.Contain("If this wasn't you, someone else knows your password");
    }

    [Fact]
    public async Task EnrolmentTicket_IsVoid_OnceTheAccountEnrolsElsewhere()
    {
        var email = (await app.CreateResidentAsync()).Email!;
        using var attacker = app.CreateAppClient();
        var ticket = (await attacker.SignInAsync(email)).String("ticket")!;

        using (var owner = app.CreatePortalClient())
        {
            await owner.SubmitPasswordAsync(email, DemoAccounts.Password);
            var page = await owner.ChooseMethodAsync(FactorKind.EmailCode);
            (await owner.SubmitAsync(page, "verify-email", new Dictionary<string, string> { ["Input.Code"] = await app.Emails.WaitForCodeAsync(email) }))
                .Heading.Should().Be("Save your recovery codes");
        }

        (await attacker.PostAsync("sign-in/enrolment/mailbox", new { ticket })).ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid_ticket");
        (await attacker.PostAsync("sign-in/enrolment/email", new { ticket })).ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid_ticket");
        await using var db = app.CreateDbContext();
        (await db.UserFactors.CountAsync(f => f.User.Email == email)).Should().Be(1);
    }

    [Fact]
    public async Task FortyParallelSetUps_WithOneTicket_AddOneFactor_AndSignInOnce()
    {
        var email = (await app.CreateResidentAsync()).Email!;
        using var client = app.CreateAppClient();
        var ticket = (await client.SignInAsync(email)).String("ticket")!;
        await app.ConfirmMailboxAsync(client, email, ticket);
        var setup = await client.PostAsync("sign-in/enrolment/authenticator", new { ticket });
        var key = setup.String("key")!;
        var setupToken = setup.String("setupToken")!;
        var code = app.NextTotp(key);

        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ =>
            client.PostAsync("sign-in/enrolment/authenticator/verify", new { ticket, setupToken, code })));

        answers.Should().OnlyContain(a => (int)a.Status < 500, string.Join("\n", answers.Where(a => (int)a.Status >= 500).Select(a => a.Body)));
        answers.Count(a => a.Status == HttpStatusCode.OK).Should().Be(1);
        answers.Where(a => a.Status != HttpStatusCode.OK).Select(a => a.Error).Should().OnlyContain(e => e == "invalid_ticket" || e == "second_factor_required");
        await using var db = app.CreateDbContext();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        (await db.UserFactors.CountAsync(f => f.UserId == user.Id)).Should().Be(1);
        (await db.RecoveryCodes.CountAsync(c => c.UserId == user.Id)).Should().Be(10);
        (await db.UserSessions.CountAsync(s => s.UserId == user.Id)).Should().Be(1);
        (await db.AuditEvents.CountAsync(e => e.SubjectId == user.Id && e.Type == AuditEventTypes.FactorAdded)).Should().Be(1);
    }

    [Fact]
    public async Task SecondFactorTicket_CannotBeUsedToSetUpAnotherFactor()
    {
        var (email, _) = await app.CreateEnrolledResidentAsync();
        using var client = app.CreateAppClient();
        var ticket = (await client.SignInAsync(email)).String("ticket")!;

        (await client.PostAsync("sign-in/enrolment/authenticator", new { ticket })).ShouldBeProblem(HttpStatusCode.Forbidden, "second_factor_required");
        (await client.PostAsync("sign-in/enrolment/email", new { ticket })).ShouldBeProblem(HttpStatusCode.Forbidden, "second_factor_required");
    }
}
