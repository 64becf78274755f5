using System.Net;
using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Invitations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ConnecXPortal.Tests.Integration.Invitations;

public sealed class InvitationTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task Support_InvitesIntoAnyBuilding_AndTheResidentIsEmailedAnActivationLink()
    {
        var email = $"new-{Guid.NewGuid():N}@tests.example.com";

        var result = await InviteAsync(DemoAccounts.Support, email, "The Quarry Lofts");

        result.Outcome.Should().Be(InvitationOutcome.Sent);
        var message = await app.Emails.WaitForAsync(email, ResidentInvitations.Template);
        message.Subject.Should().Be("Activate your connecX account");
        CapturedEmails.LinkIn(message, "/account/activate").Query.Should().StartWith("?token=");
        await using var db = app.CreateDbContext();
        var user = await db.Users.Include(u => u.Building).SingleAsync(u => u.Email == email);
        user.Should().Match<PortalUser>(u => u.PasswordHash == null && u.ActivatedAt == null && u.Building!.Name == "The Quarry Lofts" && u.Unit == "7B");
        (await db.AuditEvents.SingleAsync(e => e.SubjectEmail == email && e.Type == AuditEventTypes.InvitationSent)).ActorEmail.Should().Be(DemoAccounts.Support);
    }

    [Fact]
    public async Task BuildingManager_InvitesOnlyIntoTheirOwnBuildings()
    {
        var own = await InviteAsync(DemoAccounts.SecondManager, $"own-{Guid.NewGuid():N}@tests.example.com", "The Quarry Lofts");
        var other = await InviteAsync(DemoAccounts.SecondManager, $"other-{Guid.NewGuid():N}@tests.example.com", "Harbourview Apartments");
        var buildings = await app.WithScopeAsync(async services =>
        {
            var manager = (await services.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(DemoAccounts.SecondManager))!;
            return (await services.GetRequiredService<ResidentInvitations>().BuildingsForAsync(manager)).Select(b => b.Name).ToList();
        });

        own.Outcome.Should().Be(InvitationOutcome.Sent);
        other.Outcome.Should().Be(InvitationOutcome.NotAllowed);
        buildings.Should().Equal("The Quarry Lofts");
    }

    [Fact]
    public async Task Residents_CannotInviteAnyone()
    {
        var result = await InviteAsync(DemoAccounts.Resident, $"x-{Guid.NewGuid():N}@tests.example.com", "Harbourview Apartments");

        result.Outcome.Should().Be(InvitationOutcome.NotAllowed);
    }

    [Fact]
    public async Task InvitingAnExistingEmail_IsRefused()
    {
        var result = await InviteAsync(DemoAccounts.Support, DemoAccounts.Resident, "Harbourview Apartments");

        result.Outcome.Should().Be(InvitationOutcome.AlreadyExists);
    }

    [Fact]
    public async Task Manager_InvitingAnAddressRegisteredOutsideTheirBuildings_GetsTheAnswerOfASentInvitation_AndNothingElseHappens()
    {
        var fresh = await InviteAsync(DemoAccounts.SecondManager, $"fresh-{Guid.NewGuid():N}@tests.example.com", "The Quarry Lofts");
        await using var before = app.CreateDbContext();
        var userCount = await before.Users.CountAsync();
        var residentBuilding = (await before.Users.SingleAsync(u => u.Email == DemoAccounts.Resident)).BuildingId;

        var elsewhere = await InviteAsync(DemoAccounts.SecondManager, DemoAccounts.Resident, "The Quarry Lofts");
        var staff = await InviteAsync(DemoAccounts.SecondManager, DemoAccounts.Support.ToUpperInvariant(), "The Quarry Lofts");

        fresh.Outcome.Should().Be(InvitationOutcome.Sent);
        elsewhere.Should().Be(new InvitationResult(InvitationOutcome.Sent), "the manager learns nothing about accounts outside their buildings");
        staff.Should().Be(new InvitationResult(InvitationOutcome.Sent));
        await using var db = app.CreateDbContext();
        (await db.Users.CountAsync()).Should().Be(userCount, "no account was made");
        (await db.Users.SingleAsync(u => u.Email == DemoAccounts.Resident)).BuildingId.Should().Be(residentBuilding);
        var note = await app.Emails.WaitForAsync(DemoAccounts.Resident, ResidentInvitations.ExistingAccountTemplate);
        note.Subject.Should().Be("About an invitation to connecX");
        note.TextBody.Should().Contain("The address already has an account, so nothing was changed").And.NotContain("/account/activate");
        app.Emails.CountOf(DemoAccounts.Resident, ResidentInvitations.Template).Should().Be(0);
        (await db.AuditEvents.Where(e => e.Type == AuditEventTypes.InvitationExistingAccount && e.ActorEmail == DemoAccounts.SecondManager)
                .Select(e => e.SubjectEmail).ToListAsync())
            .Should().BeEquivalentTo([DemoAccounts.Resident, DemoAccounts.Support]);
    }

    [Fact]
    public async Task Manager_InvitingSomeoneFromTheirOwnBuilding_AndSupportInvitingAnyoneRegistered_AreToldPrecisely()
    {
        await using var db = app.CreateDbContext();
        var quarryResident = await db.Users.Where(u => u.Building!.Name == "The Quarry Lofts").Select(u => u.Email!).FirstAsync();

        (await InviteAsync(DemoAccounts.SecondManager, quarryResident, "The Quarry Lofts")).Outcome.Should().Be(InvitationOutcome.AlreadyExists);
        (await InviteAsync(DemoAccounts.Support, DemoAccounts.Manager, "The Quarry Lofts")).Outcome.Should().Be(InvitationOutcome.AlreadyExists);
        app.Emails.CountOf(quarryResident, ResidentInvitations.ExistingAccountTemplate).Should().Be(0);
    }

    [Fact]
    public async Task Activation_SetsThePassword_GoesThroughTheWizard_AndThenSignsIn()
    {
        var email = $"activate-{Guid.NewGuid():N}@tests.example.com";
        await InviteAsync(DemoAccounts.Support, email, "Parkside Residences");
        var link = CapturedEmails.LinkIn(await app.Emails.WaitForAsync(email, ResidentInvitations.Template), "/account/activate");
        using var client = app.CreatePortalClient();
        (await client.SubmitPasswordAsync(email, "not set yet, so wrong")).Alerts.Should().ContainSingle("an invited account cannot sign in yet");

        var activated = await ActivateAsync(client, link, "my first connecX passphrase");

        activated.Location!.AbsolutePath.Should().Be("/account/setup");
        (await client.GetAsync("/")).Location!.AbsolutePath.Should().Be("/account/setup", "the wizard cannot be skipped");
        var setup = await client.GetAsync("/account/setup");
        var emailStep = await client.FollowAsync(await client.SubmitAsync(setup, "choose-method", new Dictionary<string, string> { ["Input.Kind"] = "EmailCode" }));
        var codes = await client.SubmitAsync(emailStep, "verify-email", new Dictionary<string, string> { ["Input.Code"] = await app.Emails.WaitForCodeAsync(email) });
        var done = await client.SubmitAsync(codes, "confirm-codes", new Dictionary<string, string> { ["Confirm.Saved"] = "true" });
        done.Heading.Should().Be("You're all set");
        var home = await client.GetAsync("/");
        home.StatusCode.Should().Be(HttpStatusCode.OK);
        home.Heading.Should().Be("Welcome, New");
        await using var db = app.CreateDbContext();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        user.ActivatedAt.Should().Be(app.Clock.GetUtcNow());
        (await db.AuditEvents.CountAsync(e => e.SubjectId == user.Id && e.Type == AuditEventTypes.AccountActivated)).Should().Be(1);
        (await db.UserFactors.SingleAsync(f => f.UserId == user.Id)).Kind.Should().Be(FactorKind.EmailCode);
    }

    [Fact]
    public async Task ActivationLink_WorksOnce()
    {
        var email = $"once-{Guid.NewGuid():N}@tests.example.com";
        await InviteAsync(DemoAccounts.Support, email, "Parkside Residences");
        var link = CapturedEmails.LinkIn(await app.Emails.WaitForAsync(email, ResidentInvitations.Template), "/account/activate");
        using var client = app.CreatePortalClient();
        await ActivateAsync(client, link, "my first connecX passphrase");

        using var later = app.CreatePortalClient();
        var again = await later.GetAsync(link.PathAndQuery);

        again.Heading.Should().Be("This activation link no longer works");
        again.Document.QuerySelector("form button")!.TextContent.Should().Be("Send me a new link");
    }

    [Fact]
    public async Task ActivationLink_ExpiresAfterSevenDays_AndANewOneCanBeAskedFor()
    {
        var email = $"late-{Guid.NewGuid():N}@tests.example.com";
        await InviteAsync(DemoAccounts.Support, email, "Parkside Residences");
        var link = CapturedEmails.LinkIn(await app.Emails.WaitForAsync(email, ResidentInvitations.Template), "/account/activate");
        app.Clock.Advance(TimeSpan.FromDays(7));
        using var client = app.CreatePortalClient();

        var expired = await client.GetAsync(link.PathAndQuery);
        expired.Html.Should().Contain("activation links work for 7 days");
        var asked = await client.SubmitAsync(expired, "new-activation-link", new Dictionary<string, string> { ["NewLink.Email"] = email });

        asked.Document.QuerySelector("[role=status]")!.TextContent.Should().Contain("we have sent it a new activation link");
        var newLink = CapturedEmails.LinkIn(await app.Emails.WaitForAsync(email, ResidentInvitations.Template, afterCount: 1), "/account/activate");
        (await ActivateAsync(client, newLink, "my first connecX passphrase")).Location!.AbsolutePath.Should().Be("/account/setup");
    }

    [Fact]
    public async Task Resend_SendsANewLink_AndTheOldOneStopsWorking()
    {
        var email = $"resend-{Guid.NewGuid():N}@tests.example.com";
        var invited = await InviteAsync(DemoAccounts.Support, email, "Parkside Residences");
        var oldLink = CapturedEmails.LinkIn(await app.Emails.WaitForAsync(email, ResidentInvitations.Template), "/account/activate");

        var resent = await app.WithScopeAsync(async services =>
        {
            var support = (await services.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(DemoAccounts.Support))!;
            return await services.GetRequiredService<ResidentInvitations>().ResendAsync(support, invited.UserId!.Value);
        });

        resent.Outcome.Should().Be(InvitationOutcome.Sent);
        using var client = app.CreatePortalClient();
        (await client.GetAsync(oldLink.PathAndQuery)).Heading.Should().Be("This activation link no longer works");
        var newLink = CapturedEmails.LinkIn(await app.Emails.WaitForAsync(email, ResidentInvitations.Template, afterCount: 1), "/account/activate");
        (await client.GetAsync(newLink.PathAndQuery)).Heading.Should().Be("Activate your account");
    }

    [Fact]
    public async Task SeededInvitedResident_ActivatesThroughTheSamePath()
    {
        using var client = app.CreatePortalClient();
        var page = await client.GetAsync("/account/activate?token=not-a-real-token");
        await client.SubmitAsync(page, "new-activation-link", new Dictionary<string, string> { ["NewLink.Email"] = DemoAccounts.InvitedResident });
        var link = CapturedEmails.LinkIn(await app.Emails.WaitForAsync(DemoAccounts.InvitedResident, ResidentInvitations.Template), "/account/activate");

        var activated = await ActivateAsync(client, link, "jack's own passphrase");

        activated.Location!.AbsolutePath.Should().Be("/account/setup");
    }

    [Fact]
    public async Task Activation_RefusesAShortPassword()
    {
        var email = $"short-{Guid.NewGuid():N}@tests.example.com";
        await InviteAsync(DemoAccounts.Support, email, "Parkside Residences");
        var link = CapturedEmails.LinkIn(await app.Emails.WaitForAsync(email, ResidentInvitations.Template), "/account/activate");
        using var client = app.CreatePortalClient();

        var refused = await ActivateAsync(client, link, "too short");

        refused.Document.QuerySelector("#new-password-error")!.TextContent.Should().StartWith("Use at least 12 characters.");
    }

    private Task<InvitationResult> InviteAsync(string inviterEmail, string email, string buildingName) =>
        app.WithScopeAsync(async services =>
        {
            var inviter = (await services.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(inviterEmail))!;
            var db = services.GetRequiredService<PortalDbContext>();
            var building = await db.Buildings.SingleAsync(b => b.Name == buildingName);
            return await services.GetRequiredService<ResidentInvitations>().InviteAsync(inviter, new InvitationRequest
            {
                GivenName = "New",
                FamilyName = "Resident",
                Email = email,
                BuildingId = building.Id,
                Unit = "7B",
            });
        });

    private static async Task<PortalResponse> ActivateAsync(PortalClient client, Uri link, string password)
    {
        var page = await client.GetAsync(link.PathAndQuery);
        page.Heading.Should().Be("Activate your account", page.Html);
        return await client.SubmitAsync(page, "activate", new Dictionary<string, string>
        {
            ["Input.NewPassword"] = password,
            ["Input.ConfirmPassword"] = password,
        });
    }
}
