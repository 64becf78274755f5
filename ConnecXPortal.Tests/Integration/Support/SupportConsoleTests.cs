using System.Net;
using System.Security.Claims;
using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Domain.Sessions;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Factors;
using ConnecXPortal.Web.Features.Factors.RecoveryCodes;
using ConnecXPortal.Web.Features.Invitations;
using ConnecXPortal.Web.Features.Notifications;
using ConnecXPortal.Web.Features.Support;
using ConnecXPortal.Web.Features.Support.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ConnecXPortal.Tests.Integration.Support;

/// <summary>Support's search and the actions on a user's account: each needs a reason, and each is audited with it.</summary>
public sealed class SupportConsoleTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    private const string Reason = "Resident called: lost their phone.";

    [Theory]
    [InlineData("olivia.ng", "Olivia Nguyen")]
    [InlineData("RESIDENT@", "Olivia Nguyen")]
    [InlineData("olivia nguyen", "Olivia Nguyen")]
    [InlineData("nguy", "Olivia Nguyen")]
    [InlineData("priya", "Priya Sharma")]
    public async Task Search_FindsUsersByTheStartOfTheirEmailOrName_IgnoringCase(string term, string name)
    {
        var results = await SearchAsync(term);

        results.Rows.Select(r => r.Name).Should().Contain(name);
    }

    [Fact]
    public async Task Search_ByBuilding_ListsItsResidents_PagedInNameOrder_WithTheTotal()
    {
        var all = await SearchAsync("Quarry Lofts", pageSize: 100);
        var second = await SearchAsync("Quarry Lofts", page: 1, pageSize: 5);

        all.TotalCount.Should().Be(20);
        all.Rows.Should().OnlyContain(r => r.BuildingName == "The Quarry Lofts");
        all.Rows.Select(r => r.FamilyName).Should().BeInAscendingOrder(StringComparer.OrdinalIgnoreCase);
        second.TotalCount.Should().Be(20);
        second.Rows.Select(r => r.Id).Should().Equal(all.Rows.Skip(5).Take(5).Select(r => r.Id));
    }

    [Fact]
    public async Task Search_ForSomethingNobodyHas_FindsNobody() =>
        (await SearchAsync("zz-nobody-zz")).TotalCount.Should().Be(0);

    [Fact]
    public async Task UserPage_ShowsStateFactorsSessionsAndLockout_NeverASecret()
    {
        using var client = await app.SignedInClientAsync(DemoAccounts.Support);
        var isla = await app.UserIdAsync(DemoAccounts.EnrolledResident);
        await using (var db = app.CreateDbContext())
        {
            await db.Users.Where(u => u.Id == isla).ExecuteUpdateAsync(s => s.SetProperty(u => u.AccessFailedCount, 2));
        }

        var page = await client.GetAsync(SupportRoutes.User(isla));

        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Heading.Should().Be("Isla Walker");
        page.Document.QuerySelector("[data-testid=account-status]")!.TextContent.Trim().Should().Be("Enrolled");
        page.Document.QuerySelector("[data-testid=lockout]")!.TextContent.Trim().Should().Be("Not locked (2 failed attempts since the last sign-in)");
        var methods = page.Document.QuerySelectorAll("section[aria-labelledby=factors-heading] tbody tr")
            .Select(r => string.Join(" | ", r.Children.Take(4).Select(c => c.TextContent.Trim()))).ToList();
        methods.Should().ContainSingle().Which.Should().StartWith("Authenticator app | Authenticator app | ").And.Contain(" 2024, ");
        await using var check = app.CreateDbContext();
        var user = await check.Users.SingleAsync(u => u.Id == isla);
        page.Html.Should().NotContain(DemoAccounts.AuthenticatorKey).And.NotContain(user.PasswordHash!).And.NotContain(user.SecurityStamp!);
    }

    [Fact]
    public async Task UserPage_ForSomeoneWhoDoesNotExist_IsNotFound()
    {
        using var client = await app.SignedInClientAsync(DemoAccounts.Support);

        var page = await client.GetAsync(SupportRoutes.User(Guid.NewGuid()));

        page.StatusCode.Should().Be(HttpStatusCode.NotFound);
        page.Heading.Should().Be("We couldn't find that page");
    }

    [Fact]
    public async Task ResetAllFactors_NeedsTheTypedEmail_AndChangesNothingWithoutIt()
    {
        var (email, _) = await app.CreateEnrolledResidentAsync();
        var userId = await app.UserIdAsync(email);

        var result = await ActAsync(a => a.ResetFactorsAsync(Support, userId, Reason, "someone.else@example.com"));

        result.Should().Be(SupportActionResult.Problem($"To confirm, type the user's email address exactly: {email}"));
        await using var db = app.CreateDbContext();
        (await db.UserFactors.CountAsync(f => f.UserId == userId)).Should().Be(1);
        (await db.AuditEvents.AnyAsync(e => e.Type == AuditEventTypes.FactorsReset && e.SubjectId == userId)).Should().BeFalse();
    }

    [Fact]
    public async Task ResetAllFactors_RemovesThemAndTheRecoveryCodes_EndsEverySession_EmailsTheUser_AndAuditsTheReason()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        var userId = await app.UserIdAsync(email);
        await app.WithScopeAsync(async s => await s.GetRequiredService<UserRecoveryCodes>()
            .IssueAsync((await s.GetRequiredService<UserManager<PortalUser>>().FindByIdAsync(userId.ToString()))!, notify: false));
        using var residentBrowser = app.CreatePortalClient();
        (await residentBrowser.SignInWithAuthenticatorAsync(app, email, key)).Location!.AbsolutePath.Should().Be("/");
        await app.AddSessionsAsync([SessionTestData.NewSession(userId, SessionClient.Android, app.Clock.GetUtcNow())]);

        var result = await ActAsync(a => a.ResetFactorsAsync(Support, userId, Reason, $"  {email.ToUpperInvariant()} "));

        result.Done.Should().BeTrue(result.Message);
        await using var db = app.CreateDbContext();
        (await db.UserFactors.AnyAsync(f => f.UserId == userId)).Should().BeFalse();
        (await db.RecoveryCodes.AnyAsync(c => c.UserId == userId)).Should().BeFalse();
        (await db.UserTokens.AnyAsync(t => t.UserId == userId && t.Name == "AuthenticatorKey")).Should().BeFalse();
        (await db.UserSessions.Where(s => s.UserId == userId).Select(s => s.EndReason).ToListAsync())
            .Should().HaveCount(2).And.OnlyContain(r => r == SessionEndReason.EndedBySupport);
        (await app.Emails.WaitForAsync(email, SecurityNotification.FactorsResetTemplate)).Subject.Should().Be("Your connecX sign-in methods were reset");
        var reset = await db.AuditEvents.SingleAsync(e => e.Type == AuditEventTypes.FactorsReset && e.SubjectId == userId);
        reset.Should().BeEquivalentTo(new { ActorEmail = DemoAccounts.Support, Reason, Details = "1 factor(s) removed." });
        (await db.AuditEvents.SingleAsync(e => e.Type == AuditEventTypes.SessionEnded && e.SubjectId == userId)).Reason.Should().Be($"Factors reset: {Reason}");

        (await residentBrowser.GetAsync("/")).Location!.AbsolutePath.Should().Be("/account/sign-in", "the resident's open session has ended");
        var signIn = await app.CreatePortalClient().SubmitPasswordAsync(email, DemoAccounts.Password);
        signIn.Location!.AbsolutePath.Should().Be("/account/setup", "their next sign-in goes through the wizard");
    }

    [Fact]
    public async Task RemovingOneFactor_IsAuditedAsSupportsAction_WithTheReason_AndEmailsTheUser()
    {
        var (email, _) = await app.CreateEnrolledResidentAsync();
        await app.AddEmailFactorAsync(email);
        var userId = await app.UserIdAsync(email);
        await using var db = app.CreateDbContext();
        var authenticator = await db.UserFactors.SingleAsync(f => f.UserId == userId && f.Kind == ConnecXPortal.Domain.Factors.FactorKind.AuthenticatorApp);

        var result = await ActAsync(a => a.RemoveFactorAsync(Support, userId, authenticator.Id, Reason));

        result.Done.Should().BeTrue(result.Message);
        (await db.UserFactors.Where(f => f.UserId == userId).Select(f => f.Kind).ToListAsync()).Should().Equal(ConnecXPortal.Domain.Factors.FactorKind.EmailCode);
        var removed = await db.AuditEvents.SingleAsync(e => e.Type == AuditEventTypes.FactorRemoved && e.SubjectId == userId);
        removed.Should().BeEquivalentTo(new { ActorEmail = DemoAccounts.Support, SubjectEmail = email, Reason, Details = "Authenticator app." });
        (await app.Emails.WaitForAsync(email, SecurityNotification.FactorRemovedTemplate)).Should().NotBeNull();
    }

    [Fact]
    public async Task RemovingTheOnlyFactor_IsRefused_PointingToTheReset()
    {
        var (email, _) = await app.CreateEnrolledResidentAsync();
        var userId = await app.UserIdAsync(email);
        await using var db = app.CreateDbContext();
        var only = await db.UserFactors.SingleAsync(f => f.UserId == userId);

        var result = await ActAsync(a => a.RemoveFactorAsync(Support, userId, only.Id, Reason));

        result.Should().Be(SupportActionResult.Problem(
            $"That is {email}'s only sign-in method. To take it away, reset all sign-in methods instead (that also ends their sessions)."));
        (await db.UserFactors.CountAsync(f => f.UserId == userId)).Should().Be(1);
    }

    [Fact]
    public async Task Unlock_LetsALockedOutUserSignInAgain_AndIsAudited()
    {
        var (email, key) = await app.CreateEnrolledResidentAsync();
        var userId = await app.UserIdAsync(email);
        using var attacker = app.CreatePortalClient();
        for (var i = 0; i < 5; i++)
        {
            await attacker.SubmitPasswordAsync(email, "not-the-password-at-all");
        }

        (await app.CreatePortalClient().SubmitPasswordAsync(email, DemoAccounts.Password)).Alerts.Should().ContainSingle()
            .Which.Should().StartWith("The email or password is not right.", "while locked, the right password fails like a wrong one");

        var result = await ActAsync(a => a.UnlockAsync(Support, userId, Reason));

        result.Should().Be(SupportActionResult.Success($"Unlocked {email}'s account. They can sign in again now."));
        (await app.CreatePortalClient().SignInWithAuthenticatorAsync(app, email, key)).Location!.AbsolutePath.Should().Be("/");
        await using var db = app.CreateDbContext();
        (await db.AuditEvents.SingleAsync(e => e.Type == AuditEventTypes.AccountUnlocked && e.SubjectId == userId))
            .Should().BeEquivalentTo(new { ActorEmail = DemoAccounts.Support, Reason });
        (await ActAsync(a => a.UnlockAsync(Support, userId, Reason))).Message.Should().Be($"{email}'s account is not locked.");
    }

    [Fact]
    public async Task ResendingTheActivationEmail_SendsANewLink_AndAuditsTheReason()
    {
        var invited = await app.CreateResidentAsync(activated: false);

        var result = await ActAsync(a => a.ResendActivationAsync(Support, invited.Id, Reason));

        result.Done.Should().BeTrue(result.Message);
        (await app.Emails.WaitForAsync(invited.Email!, ResidentInvitations.Template)).TextBody.Should().Contain("/account/activate?token=");
        await using var db = app.CreateDbContext();
        (await db.AuditEvents.SingleAsync(e => e.Type == AuditEventTypes.InvitationResent && e.SubjectId == invited.Id))
            .Should().BeEquivalentTo(new { ActorEmail = DemoAccounts.Support, Reason });
        var activated = await app.CreateResidentAsync();
        (await ActAsync(a => a.ResendActivationAsync(Support, activated.Id, Reason))).Done.Should().BeFalse("activated accounts have nothing to resend");
    }

    [Fact]
    public async Task EndingSessions_EndsThemAll_AndAuditsTheReason()
    {
        var user = await app.CreateResidentAsync();
        await app.AddSessionsAsync([
            SessionTestData.NewSession(user.Id, SessionClient.Portal, app.Clock.GetUtcNow()),
            SessionTestData.NewSession(user.Id, SessionClient.Ios, app.Clock.GetUtcNow()),
        ]);

        var result = await ActAsync(a => a.EndSessionsAsync(Support, user.Id, Reason));

        result.Should().Be(SupportActionResult.Success($"Ended {user.Email}'s 2 sessions."));
        await using var db = app.CreateDbContext();
        (await db.UserSessions.CountAsync(s => s.UserId == user.Id && s.EndedAt == null)).Should().Be(0);
        (await db.AuditEvents.SingleAsync(e => e.Type == AuditEventTypes.SessionEnded && e.SubjectId == user.Id))
            .Should().BeEquivalentTo(new { ActorEmail = DemoAccounts.Support, Reason, Details = "Ended by connecX support: 2 sessions ended." });
    }

    [Theory]
    [InlineData(null, "Give a reason: it is recorded in the audit log.")]
    [InlineData("   ", "Give a reason: it is recorded in the audit log.")]
    [InlineData("why", "Give a reason of at least 5 characters: it is recorded in the audit log.")]
    public async Task EveryAction_NeedsAReason(string? reason, string message)
    {
        var user = await app.CreateResidentAsync();
        await app.AddSessionsAsync([SessionTestData.NewSession(user.Id, SessionClient.Portal, app.Clock.GetUtcNow())]);

        var result = await ActAsync(a => a.EndSessionsAsync(Support, user.Id, reason));

        result.Should().Be(SupportActionResult.Problem(message));
        await using var db = app.CreateDbContext();
        (await db.UserSessions.CountAsync(s => s.UserId == user.Id && s.EndedAt == null)).Should().Be(1);
    }

    [Fact]
    public async Task EveryAction_WithoutAVerificationInTheLastFiveMinutes_IsRefused_AndChangesNothing()
    {
        var (email, _) = await app.CreateEnrolledResidentAsync();
        await app.AddEmailFactorAsync(email);
        var userId = await app.UserIdAsync(email);
        var invited = await app.CreateResidentAsync(activated: false);
        await app.AddSessionsAsync([SessionTestData.NewSession(userId, SessionClient.Portal, app.Clock.GetUtcNow())]);
        var notSteppedUp = await app.PrincipalAsync(DemoAccounts.Support);
        var stale = await app.SteppedUpPrincipalAsync(DemoAccounts.Support);
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        Guid factorId;
        await using (var db = app.CreateDbContext())
        {
            factorId = (await db.UserFactors.FirstAsync(f => f.UserId == userId)).Id;
        }

        foreach (var who in new[] { notSteppedUp, stale })
        {
            var results = new[]
            {
                await ActAsync(a => a.ResetFactorsAsync(who, userId, Reason, email)),
                await ActAsync(a => a.RemoveFactorAsync(who, userId, factorId, Reason)),
                await ActAsync(a => a.UnlockAsync(who, userId, Reason)),
                await ActAsync(a => a.ResendActivationAsync(who, invited.Id, Reason)),
                await ActAsync(a => a.EndSessionsAsync(who, userId, Reason)),
            };

            results.Should().OnlyContain(r => r.NeedsStepUp && !r.Done && r.Message == "Verify it's you first: support actions need a verification in the last 5 minutes.");
        }

        await using var check = app.CreateDbContext();
        (await check.UserFactors.CountAsync(f => f.UserId == userId)).Should().Be(2);
        (await check.UserSessions.CountAsync(s => s.UserId == userId && s.EndedAt == null)).Should().Be(1);
        app.Emails.CountOf(invited.Email!, ResidentInvitations.Template).Should().Be(0);
        (await ActAsync(a => a.EndSessionsAsync(Support, userId, Reason))).Done.Should().BeTrue("a fresh verification lets support act");
    }

    [Fact]
    public async Task ResettingAStaffAccount_EmailsEverySupportUser_ButAResidentsResetDoesNot()
    {
        var secondSupport = await app.CreateResidentAsync();
        var manager = await app.CreateResidentAsync();
        await app.WithScopeAsync(async s =>
        {
            var users = s.GetRequiredService<UserManager<PortalUser>>();
            (await users.AddToRoleAsync((await users.FindByIdAsync(secondSupport.Id.ToString()))!, ConnecXPortal.Domain.People.PortalRoles.Support)).Succeeded.Should().BeTrue();
            (await users.AddToRoleAsync((await users.FindByIdAsync(manager.Id.ToString()))!, ConnecXPortal.Domain.People.PortalRoles.BuildingManager)).Succeeded.Should().BeTrue();
        });
        await app.AddAuthenticatorAsync(manager.Email!);
        var (resident, _) = await app.CreateEnrolledResidentAsync();

        (await ActAsync(a => a.ResetFactorsAsync(Support, manager.Id, Reason, manager.Email))).Done.Should().BeTrue();
        (await ActAsync(a => a.ResetFactorsAsync(Support, app.UserIdAsync(resident).GetAwaiter().GetResult(), Reason, resident))).Done.Should().BeTrue();

        foreach (var to in new[] { DemoAccounts.Support, secondSupport.Email! })
        {
            var alert = await app.Emails.WaitForAsync(to, SupportActions.StaffResetTemplate);
            alert.Subject.Should().Be("A building manager account's sign-in methods were reset");
            alert.TextBody.Should().Contain($"{DemoAccounts.Support} reset the sign-in methods of Test Resident ({manager.Email}), a building manager account")
                .And.Contain($"Reason given: {Reason}")
                .And.Contain("/support/audit?subject=");
            app.Emails.CountOf(to, SupportActions.StaffResetTemplate).Should().Be(1, "the resident's reset alerts nobody but the resident");
        }

        app.Emails.CountOf(manager.Email!, SecurityNotification.FactorsResetTemplate).Should().Be(1);
    }

    [Fact]
    public async Task OnlySupport_CanAct_AndNotOnTheirOwnAccount()
    {
        var user = await app.CreateResidentAsync();
        var manager = await app.PrincipalAsync(DemoAccounts.Manager);
        var supportId = await app.UserIdAsync(DemoAccounts.Support);

        (await ActAsync(a => a.EndSessionsAsync(manager, user.Id, Reason))).Should().Be(SupportActionResult.Problem("Only connecX support can do this."));
        (await ActAsync(a => a.EndSessionsAsync(Support, supportId, Reason))).Message.Should().StartWith("You can't change your own account");
    }

    /// <summary>Support as on the console: in a session that verified a second factor a moment ago.</summary>
    private ClaimsPrincipal Support => app.SteppedUpPrincipalAsync(DemoAccounts.Support).GetAwaiter().GetResult();

    private Task<UserSearchResults> SearchAsync(string term, int page = 0, int pageSize = 25) =>
        app.Services.GetRequiredService<UserSearch>().SearchAsync(new UserSearchQuery(term, page, pageSize));

    private Task<SupportActionResult> ActAsync(Func<SupportActions, Task<SupportActionResult>> action) =>
        app.WithScopeAsync(services => action(services.GetRequiredService<SupportActions>()));
}
