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
    public async Task SecondFactorTicket_CannotBeUsedToSetUpAnotherFactor()
    {
        var (email, _) = await app.CreateEnrolledResidentAsync();
        using var client = app.CreateAppClient();
        var ticket = (await client.SignInAsync(email)).String("ticket")!;

        (await client.PostAsync("sign-in/enrolment/authenticator", new { ticket })).ShouldBeProblem(HttpStatusCode.Forbidden, "second_factor_required");
        (await client.PostAsync("sign-in/enrolment/email", new { ticket })).ShouldBeProblem(HttpStatusCode.Forbidden, "second_factor_required");
    }
}
