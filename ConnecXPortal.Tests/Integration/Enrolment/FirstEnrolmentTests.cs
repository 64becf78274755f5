using System.Net;
using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Factors.EmailCode;
using ConnecXPortal.Web.Features.Factors.Totp;
using ConnecXPortal.Web.Features.Invitations;
using ConnecXPortal.Web.Features.Notifications;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ConnecXPortal.Tests.Integration.Enrolment;

/// <summary>
/// The first enrolment of an account that has only its password (every resident on the cutover evening): the mailbox
/// is proved before an authenticator app or passkey, a wizard attempt is void once the account has a factor it did
/// not add, the recovery codes are shown once, and the owner is emailed.
/// </summary>
public sealed class FirstEnrolmentTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    private const string ChromeOnLinux = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";

    [Fact]
    public async Task PasswordOnly_MustEnterACodeEmailedToTheAccount_BeforeAnAuthenticatorAppOrPasskey()
    {
        var email = (await app.CreateResidentAsync()).Email!;
        using var client = app.CreatePortalClient();
        await client.SubmitPasswordAsync(email, DemoAccounts.Password);

        (await client.GetAsync("/account/setup")).Html.Should().Contain("we first email a code to");
        (await client.GetAsync("/account/setup/authenticator")).Location!.PathAndQuery.Should().Be("/account/setup/confirm-email?next=AuthenticatorApp");
        (await client.GetAsync("/account/setup/passkey")).Location!.PathAndQuery.Should().Be("/account/setup/confirm-email?next=Passkey");
        var nothingSent = await client.GetAsync("/account/setup/confirm-email?next=Passkey");
        nothingSent.Document.QuerySelector("#code").Should().BeNull("no code was sent yet, so there is nothing to type");
        var options = await PasskeyOptionsAsync(client, nothingSent);
        options.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await options.Content.ReadAsStringAsync()).Should().Contain("\"code\":\"passkey-confirm-email\"");

        var step = await client.ChooseMethodAsync(FactorKind.AuthenticatorApp);

        step.Heading.Should().Be("First, confirm it's your email");
        step.Document.QuerySelector("[aria-current=step]")!.TextContent.Trim().Should().Be("Set it up");
        var message = await app.Emails.WaitForAsync(email, EmailCodes.Template);
        message.TextBody.Should().Contain("confirm this is your email address before you set up an authenticator app or a passkey");
        var code = MfaEmails.CodeIn(message);
        var wrong = await client.SubmitAsync(step, "verify-mailbox", new Dictionary<string, string> { ["Input.Code"] = code == "111111" ? "222222" : "111111" });
        wrong.Alerts.Should().ContainSingle().Which.Should().Be("That code is not right. Check it and try again.");
        (await client.GetAsync("/account/setup/authenticator")).IsRedirect.Should().BeTrue("a wrong code proves nothing");

        var proved = await client.SubmitAsync(wrong, "verify-mailbox", new Dictionary<string, string> { ["Input.Code"] = code });

        proved.Location!.AbsolutePath.Should().Be("/account/setup/authenticator");
        (await client.GetAsync("/account/setup/authenticator")).Heading.Should().Be("Set up your authenticator app");
        (await PasskeyOptionsAsync(client, await client.GetAsync("/account/setup/passkey"))).StatusCode.Should().Be(HttpStatusCode.OK);
        await using var db = app.CreateDbContext();
        (await db.AuditEvents.CountAsync(e => e.SubjectEmail == email && e.Type == AuditEventTypes.EnrolmentEmailConfirmed)).Should().Be(1);
    }

    [Fact]
    public async Task TheActivationLink_IsTheProof_AndEmailCodesAreTheirOwn()
    {
        var email = $"activated-{Guid.NewGuid():N}@tests.example.com";
        await InviteAsync(email);
        var link = CapturedEmails.LinkIn(await app.Emails.WaitForAsync(email, ResidentInvitations.Template), ResidentInvitations.ActivatePath);
        using var client = app.CreatePortalClient();
        var page = await client.GetAsync(link.PathAndQuery);
        await client.SubmitAsync(page, "activate", new Dictionary<string, string>
        {
            ["Input.NewPassword"] = "a brand new passphrase",
            ["Input.ConfirmPassword"] = "a brand new passphrase",
        });

        var authenticator = await client.ChooseMethodAsync(FactorKind.AuthenticatorApp);

        authenticator.Heading.Should().Be("Set up your authenticator app");
        app.Emails.CountOf(email, EmailCodes.Template).Should().Be(0, "the activation link already proved the mailbox");

        using var passwordOnly = app.CreatePortalClient();
        var resident = (await app.CreateResidentAsync()).Email!;
        await passwordOnly.SubmitPasswordAsync(resident, DemoAccounts.Password);
        (await passwordOnly.ChooseMethodAsync(FactorKind.EmailCode)).Heading.Should().Be("Check your email", "choosing email codes is the proof itself");
    }

    [Fact]
    public async Task AnAttackersWizard_StaysVoid_OnceTheOwnerEnrolsElsewhere_ShowsNoCodes_AndFinishingDoesNotSignIn()
    {
        var email = (await app.CreateResidentAsync()).Email!;
        using var attacker = app.CreatePortalClient();
        (await attacker.SubmitPasswordAsync(email, DemoAccounts.Password)).Location!.AbsolutePath.Should().Be("/account/setup");
        using var finisher = app.CreatePortalClient();
        await finisher.SubmitPasswordAsync(email, DemoAccounts.Password);
        var token = (await finisher.GetAsync("/account/setup")).Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        using var owner = app.CreatePortalClient();
        await owner.SubmitPasswordAsync(email, DemoAccounts.Password);
        var ownersStep = await owner.ChooseMethodAsync(FactorKind.EmailCode);
        var ownersCodes = await owner.SubmitAsync(ownersStep, "verify-email", new Dictionary<string, string> { ["Input.Code"] = await app.Emails.WaitForCodeAsync(email) });
        ownersCodes.Heading.Should().Be("Save your recovery codes");
        var hashesBefore = await RecoveryCodeHashesAsync(email);

        var reload = await attacker.GetAsync("/account/setup");

        reload.Location!.PathAndQuery.Should().Be("/account/sign-in?reason=setup-void");
        (await attacker.FollowAsync(reload)).Document.QuerySelector("[role=status]")!.TextContent
            .Should().Contain("This set-up is no longer valid: sign in again.");
        reload.Html.Should().NotContain("cx-codes");
        var finish = await finisher.Http.PostAsync("/account/setup/finish", new FormUrlEncodedContent(
        [
            new("_handler", "finish-setup"),
            new("__RequestVerificationToken", token),
        ]));
        finish.Headers.Location!.PathAndQuery.Should().Be("/account/sign-in?reason=setup-void", "a void attempt never finishes");
        (await finish.Content.ReadAsStringAsync()).Should().NotContain("You're all set");
        (await finisher.GetAsync("/")).Location!.AbsolutePath.Should().Be("/account/sign-in", "finishing signed nobody in");
        (await attacker.GetAsync("/")).Location!.AbsolutePath.Should().Be("/account/sign-in", "the attacker is not signed in");
        (await attacker.GetAsync("/account/setup/authenticator")).Location!.AbsolutePath.Should().Be("/account/sign-in");
        (await RecoveryCodeHashesAsync(email)).Should().Equal(hashesBefore, "nothing replaced the owner's recovery codes");
        (await attacker.SubmitPasswordAsync(email, DemoAccounts.Password)).Location!.AbsolutePath.Should().Be("/account/verify",
            "the password alone now leads to the owner's factor");
        await using var db = app.CreateDbContext();
        (await db.AuditEvents.CountAsync(e => e.SubjectEmail == email && e.Type == AuditEventTypes.EnrolmentVoided)).Should().Be(2, "both attempts were voided");
        (await db.UserFactors.CountAsync(f => f.User.Email == email)).Should().Be(1);
    }

    [Fact]
    public async Task AnAttemptWithTheMailboxProved_CannotAddItsAuthenticator_OnceAnotherAttemptEnrolledFirst()
    {
        var email = (await app.CreateResidentAsync()).Email!;
        using var first = app.CreatePortalClient();
        await first.SubmitPasswordAsync(email, DemoAccounts.Password);
        var authenticator = await first.ProveMailboxAsync(app, email, await first.ChooseMethodAsync(FactorKind.AuthenticatorApp));
        var key = authenticator.Document.QuerySelector("[data-testid=authenticator-key]")!.TextContent.Replace(" ", "", StringComparison.Ordinal);

        app.Clock.Advance(TimeSpan.FromMinutes(2));
        using var second = app.CreateAppClient();
        var ticket = (await second.SignInAsync(email)).String("ticket")!;
        (await second.PostAsync("sign-in/enrolment/email", new { ticket })).Status.Should().Be(HttpStatusCode.Accepted);
        (await second.PostAsync("sign-in/enrolment/email/verify", new { ticket, code = await app.Emails.WaitForCodeAsync(email, afterCount: 1) }))
            .Status.Should().Be(HttpStatusCode.OK);

        var late = await first.SubmitAsync(authenticator, "verify-authenticator",
            new Dictionary<string, string> { ["Input.Code"] = AuthenticatorApp.CodeAt(key, app.Clock.GetUtcNow()) });

        late.Location!.PathAndQuery.Should().Be("/account/sign-in?reason=setup-void");
        (await first.GetAsync("/")).Location!.AbsolutePath.Should().Be("/account/sign-in");
        await using var db = app.CreateDbContext();
        (await db.UserFactors.Where(f => f.User.Email == email).Select(f => f.Kind).ToListAsync()).Should().Equal(FactorKind.EmailCode);
    }

    [Fact]
    public async Task RecoveryCodes_AreShownOncePerEnrolment_ReloadingOrRevisitingNeverShowsOrReplacesThem()
    {
        var email = (await app.CreateResidentAsync()).Email!;
        using var client = app.CreatePortalClient();
        await client.SubmitPasswordAsync(email, DemoAccounts.Password);
        var step = await client.ChooseMethodAsync(FactorKind.EmailCode);
        var shown = await client.SubmitAsync(step, "verify-email", new Dictionary<string, string> { ["Input.Code"] = await app.Emails.WaitForCodeAsync(email) });
        shown.Document.QuerySelectorAll(".cx-codes li").Should().HaveCount(10);
        var hashes = await RecoveryCodeHashesAsync(email);

        var reload = await client.GetAsync("/account/setup");

        reload.Heading.Should().Be("Your recovery codes were shown once");
        reload.Html.Should().NotContain("cx-codes");
        (await client.GetAsync("/account/setup/email")).Location!.AbsolutePath.Should().Be("/account/setup");
        (await client.GetAsync("/account/setup/authenticator")).Location!.AbsolutePath.Should().Be("/account/setup");
        (await client.GetAsync("/account/setup/finish")).Location!.AbsolutePath.Should().Be("/account/setup");
        (await RecoveryCodeHashesAsync(email)).Should().Equal(hashes);

        var done = await client.SubmitAsync(reload, "finish-setup", new Dictionary<string, string>());

        done.Heading.Should().Be("You're all set");
        (await client.GetAsync("/")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await RecoveryCodeHashesAsync(email)).Should().Equal(hashes);
        await using var db = app.CreateDbContext();
        (await db.AuditEvents.CountAsync(e => e.SubjectEmail == email && e.Type == AuditEventTypes.RecoveryCodesIssued)).Should().Be(1);

        app.Clock.Advance(TimeSpan.FromMinutes(6));
        var security = await client.GetAsync("/account/security");
        var renew = await client.SubmitAsync(security, "new-codes", new Dictionary<string, string>());
        renew.Location!.AbsolutePath.Should().Be("/account/security/verify", "only a stepped-up renewal makes new ones");
        (await RecoveryCodeHashesAsync(email)).Should().Equal(hashes);
    }

    [Fact]
    public async Task FirstEnrolment_EmailsTheOwner_WhichMethod_When_FromWhichBrowser_AndWhatToDoIfItWasNotThem()
    {
        var email = (await app.CreateResidentAsync()).Email!;
        using var client = app.CreatePortalClient();
        client.Http.DefaultRequestHeaders.UserAgent.ParseAdd(ChromeOnLinux);
        await client.SubmitPasswordAsync(email, DemoAccounts.Password);
        var authenticator = await client.ProveMailboxAsync(app, email, await client.ChooseMethodAsync(FactorKind.AuthenticatorApp));
        var key = authenticator.Document.QuerySelector("[data-testid=authenticator-key]")!.TextContent.Replace(" ", "", StringComparison.Ordinal);

        await client.SubmitAsync(authenticator, "verify-authenticator", new Dictionary<string, string> { ["Input.Code"] = AuthenticatorApp.CodeAt(key, app.Clock.GetUtcNow()) });

        var message = await app.Emails.WaitForAsync(email, SecurityNotification.FirstEnrolmentTemplate);
        message.Subject.Should().Be("Your connecX account now asks for a second step at sign-in");
        message.TextBody.Should().Contain("The authenticator app method was set up on your account, and 10 recovery codes were created.")
            .And.Contain("When: 1 Oct 2024, ")
            .And.Contain("Where: Chrome on Linux, from the IP address 127.0.0.1.")
            .And.Contain("If this wasn't you, someone else knows your password")
            .And.Contain("contact connecX support")
            .And.Contain("/help/forgotten-password");
        app.Emails.CountOf(email, SecurityNotification.FactorAddedTemplate).Should().Be(0);

        await app.AddEmailFactorAsync(email);
        app.Emails.CountOf(email, SecurityNotification.FirstEnrolmentTemplate).Should().Be(1, "only the first enrolment");
        app.Emails.CountOf(email, SecurityNotification.FactorAddedTemplate).Should().Be(1);
    }

    [Fact]
    public async Task FortyParallelVerifications_OfOneWizardAttempt_AddOneFactor_OneSetOfCodes_AndNoServerError()
    {
        var email = (await app.CreateResidentAsync()).Email!;
        using var client = app.CreatePortalClient();
        await client.SubmitPasswordAsync(email, DemoAccounts.Password);
        var page = await client.ProveMailboxAsync(app, email, await client.ChooseMethodAsync(FactorKind.AuthenticatorApp));
        var key = page.Document.QuerySelector("[data-testid=authenticator-key]")!.TextContent.Replace(" ", "", StringComparison.Ordinal);
        var code = AuthenticatorApp.CodeAt(key, app.Clock.GetUtcNow());

        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ =>
            client.SubmitAsync(page, "verify-authenticator", new Dictionary<string, string> { ["Input.Code"] = code })));

        answers.Should().OnlyContain(a => (int)a.StatusCode < 500);
        answers.Count(a => a.Html.Contains("cx-codes", StringComparison.Ordinal)).Should().Be(1, "one set of recovery codes, shown once");
        await using var db = app.CreateDbContext();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        (await db.UserFactors.CountAsync(f => f.UserId == user.Id)).Should().Be(1);
        (await db.RecoveryCodes.CountAsync(c => c.UserId == user.Id)).Should().Be(10);
        (await db.AuditEvents.CountAsync(e => e.SubjectId == user.Id && e.Type == AuditEventTypes.RecoveryCodesIssued)).Should().Be(1);
    }

    private async Task<List<string>> RecoveryCodeHashesAsync(string email)
    {
        await using var db = app.CreateDbContext();
        return [.. (await db.RecoveryCodes.Where(c => db.Users.Any(u => u.Id == c.UserId && u.Email == email)).Select(c => c.Hash).ToListAsync())
            .Select(Convert.ToBase64String).Order()];
    }

    private static async Task<HttpResponseMessage> PasskeyOptionsAsync(PortalClient client, PortalResponse page)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/passkey/creation-options");
        request.Headers.Add("RequestVerificationToken", page.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!);
        return await client.Http.SendAsync(request);
    }

    private Task InviteAsync(string email) => app.WithScopeAsync(async services =>
    {
        var support = (await services.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(DemoAccounts.Support))!;
        var building = await services.GetRequiredService<PortalDbContext>().Buildings.OrderBy(b => b.Name).FirstAsync();
        (await services.GetRequiredService<ResidentInvitations>().InviteAsync(support, new InvitationRequest
        {
            GivenName = "New",
            FamilyName = "Resident",
            Email = email,
            BuildingId = building.Id,
            Unit = "4D",
        })).Outcome.Should().Be(InvitationOutcome.Sent);
    });
}
