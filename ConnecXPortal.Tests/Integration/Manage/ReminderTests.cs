using System.Net;
using System.Text.RegularExpressions;
using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Domain.People;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Features.Manage.Reminders;
using ConnecXPortal.Web.Features.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static ConnecXPortal.Tests.Infrastructure.ManageTestData;

namespace ConnecXPortal.Tests.Integration.Manage;

/// <summary>"Send reminder": who gets which email, at most one per resident per 24 hours (on the fake clock), and who is skipped and why.</summary>
public sealed partial class ReminderTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    private static readonly DateTimeOffset Before = Sydney(2024, 8, 1, 9);

    [Fact]
    public async Task RemindingEveryoneNotEnrolled_SendsInvitedResidentsAnActivationLink_AndActivatedOnesASetUpReminder()
    {
        var building = await app.CreateManagedBuildingAsync(name: "Reminder Plaza");
        var (ann, ben, cat) = await ThreeResidentsAsync(building);

        var result = await RemindAsync(ReminderRequest.AllNotEnrolled(building));

        result.Refused.Should().BeFalse();
        result.Sent.Select(s => (s.Name, s.Kind)).Should().Equal(
            ("Ann Invited", ResidentReminderKind.Activation),
            ("Ben Waiting", ResidentReminderKind.SetUpVerification));
        result.Skipped.Should().BeEmpty("enrolled residents are not among everyone not yet enrolled");
        var annEmail = await ReminderToAsync(ann);
        annEmail.Subject.Should().Be("Reminder: activate your connecX account");
        annEmail.TextBody.Should().Contain("Hello Ann,").And.Contain("Your building manager at Reminder Plaza asked us to remind you");
        var benEmail = await ReminderToAsync(ben);
        benEmail.Subject.Should().Be("Reminder: set up your connecX sign-in verification");
        benEmail.TextBody.Should().Contain("Hello Ben,").And.Contain("connecX now asks everyone to verify");
        (await RemindersOfAsync(cat)).Should().Be(0);
    }

    [Fact]
    public async Task TheActivationReminder_CarriesANewWorkingLink_AndRetiresTheOldOne()
    {
        var building = await app.CreateManagedBuildingAsync();
        var ann = (await app.AddResidentsAsync(building, new ResidentSpec("Ann", "Invited", Activated: false)))[0];

        await RemindAsync(new ReminderRequest(building, [ann]));

        var link = ActivationLink().Match((await ReminderToAsync(ann)).TextBody);
        link.Success.Should().BeTrue("the reminder has the resident's own activation link");
        link.Value.Should().NotContain("{{");
        using var client = app.CreatePortalClient();
        var page = await client.GetAsync(new Uri(link.Value).PathAndQuery);
        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Heading.Should().Be("Activate your account");
        await using var db = app.CreateDbContext();
        (await db.Users.Where(u => u.Id == ann).Select(u => u.InvitedAt).SingleAsync()).Should().Be(app.Clock.GetUtcNow());
    }

    [Fact]
    public async Task AResidentIsRemindedAtMostOnceIn24Hours_WhoeverAsks_AndThePageIsToldWhenTheyCanBeAgain()
    {
        var building = await app.CreateManagedBuildingAsync();
        var ben = (await app.AddResidentsAsync(building, new ResidentSpec("Ben", "Waiting")))[0];
        var firstAt = app.Clock.GetUtcNow();

        (await RemindAsync(new ReminderRequest(building, [ben]))).Sent.Should().ContainSingle();

        app.Clock.Advance(TimeSpan.FromHours(23) + TimeSpan.FromMinutes(59));
        var tooSoon = await RemindAsync(ReminderRequest.AllNotEnrolled(building));
        tooSoon.Sent.Should().BeEmpty();
        tooSoon.Skipped.Should().ContainSingle().Which.Should().BeEquivalentTo(new
        {
            UserId = ben,
            Reason = ReminderSkipReason.RemindedRecently,
            NextAllowedAt = (DateTimeOffset?)firstAt.AddHours(24),
        });
        (await RemindersOfAsync(ben)).Should().Be(1);

        app.Clock.Advance(TimeSpan.FromMinutes(1));
        (await RemindAsync(new ReminderRequest(building, [ben]))).Sent.Should().ContainSingle("a day has passed");
        (await RemindersOfAsync(ben)).Should().Be(2);
        await using var db = app.CreateDbContext();
        (await db.ResidentReminders.CountAsync(r => r.UserId == ben)).Should().Be(2, "every reminder is stored");
    }

    [Fact]
    public async Task ChosenResidentsWhoAreEnrolled_AreSkipped_WithTheReason()
    {
        var building = await app.CreateManagedBuildingAsync();
        var (ann, _, cat) = await ThreeResidentsAsync(building);

        var result = await RemindAsync(new ReminderRequest(building, [ann, cat]));

        result.Sent.Select(s => s.UserId).Should().Equal(ann);
        result.Skipped.Should().ContainSingle().Which.Should().BeEquivalentTo(new { UserId = cat, Name = "Cat Enrolled", Reason = ReminderSkipReason.AlreadyEnrolled });
    }

    [Fact]
    public async Task EveryReminderSent_IsAudited_WithTheManagerAndWhy()
    {
        var building = await app.CreateManagedBuildingAsync();
        var (ann, ben, _) = await ThreeResidentsAsync(building);
        var managerId = await app.UserIdAsync(DemoAccounts.Manager);

        await RemindAsync(ReminderRequest.AllNotEnrolled(building));

        await using var db = app.CreateDbContext();
        var events = await db.AuditEvents.Where(e => e.Type == AuditEventTypes.ReminderSent && e.BuildingId == building).OrderBy(e => e.SubjectEmail).ToListAsync();
        events.Select(e => (e.SubjectId, e.ActorId, e.Reason)).Should().BeEquivalentTo(new[]
        {
            ((Guid?)ann, (Guid?)managerId, "Invited"),
            ((Guid?)ben, (Guid?)managerId, "Activated, not enrolled"),
        });
        events.Single(e => e.SubjectId == ann).Details.Should().Be("Reminder to activate the account, with a new activation link.");
    }

    [Fact]
    public async Task TwoManagersRemindingAtOnce_SendOneReminder()
    {
        var building = await app.CreateManagedBuildingAsync();
        var ben = (await app.AddResidentsAsync(building, new ResidentSpec("Ben", "Waiting")))[0];

        var results = await Task.WhenAll(
            RemindAsync(ReminderRequest.AllNotEnrolled(building)),
            RemindAsync(ReminderRequest.AllNotEnrolled(building)),
            RemindAsync(new ReminderRequest(building, [ben])));

        results.Sum(r => r.Sent.Count).Should().Be(1);
        results.Sum(r => r.Skipped.Count).Should().Be(2);
        (await RemindersOfAsync(ben)).Should().Be(1);
    }

    [Fact]
    public async Task WhenTheEmailServiceRefuses_NothingIsRecorded_SoTheManagerCanTryAgain()
    {
        await using var failing = new PortalAppFactory();
        failing.WithServices(services => services.AddSingleton<IBulkEmailSender>(new RefusingSender()));
        var building = await failing.CreateManagedBuildingAsync();
        var ben = (await failing.AddResidentsAsync(building, new ResidentSpec("Ben", "Waiting")))[0];
        var manager = await failing.PrincipalAsync(DemoAccounts.Manager);

        var result = await failing.WithScopeAsync(s => s.GetRequiredService<EnrolmentReminders>().SendAsync(manager, ReminderRequest.AllNotEnrolled(building)));

        result.Sent.Should().BeEmpty();
        result.Failed.Should().ContainSingle().Which.UserId.Should().Be(ben);
        result.Problem.Should().Be("The email service did not take the reminders for 1 resident. Nothing was sent to them; try again later.");
        await using var db = failing.CreateDbContext();
        (await db.ResidentReminders.AnyAsync(r => r.UserId == ben)).Should().BeFalse();
        (await db.AuditEvents.AnyAsync(e => e.Type == AuditEventTypes.ReminderSent && e.SubjectId == ben)).Should().BeFalse();
    }

    private async Task<(Guid Ann, Guid Ben, Guid Cat)> ThreeResidentsAsync(Guid building)
    {
        var ids = await app.AddResidentsAsync(building,
            new ResidentSpec("Ann", "Invited", Activated: false),
            new ResidentSpec("Ben", "Waiting"),
            new ResidentSpec("Cat", "Enrolled") { Factors = [(FactorKind.EmailCode, Before)] });
        return (ids[0], ids[1], ids[2]);
    }

    private async Task<ReminderResult> RemindAsync(ReminderRequest request)
    {
        var manager = await app.PrincipalAsync(DemoAccounts.Manager);
        return await app.WithScopeAsync(services => services.GetRequiredService<EnrolmentReminders>().SendAsync(manager, request));
    }

    private async Task<ConnecXPortal.Web.Features.Notifications.OutboxMessage> ReminderToAsync(Guid userId)
    {
        await using var db = app.CreateDbContext();
        var email = await db.Users.Where(u => u.Id == userId).Select(u => u.Email).SingleAsync();
        return await db.OutboxMessages.Where(m => m.To == email && m.Template == ReminderEmail.Template).OrderByDescending(m => m.CreatedAt).FirstAsync();
    }

    private async Task<int> RemindersOfAsync(Guid userId)
    {
        await using var db = app.CreateDbContext();
        var email = await db.Users.Where(u => u.Id == userId).Select(u => u.Email).SingleAsync();
        return await db.OutboxMessages.CountAsync(m => m.To == email && m.Template == ReminderEmail.Template);
    }

    [GeneratedRegex(@"http://[^\s]+/account/activate\?token=[A-Za-z0-9_-]+")]
    private static partial Regex ActivationLink();

    private sealed class RefusingSender : IBulkEmailSender
    {
        public int MaxRecipientsPerRequest => 1000;

        public Task<BulkSendResult> SendAsync(BulkEmail email, IReadOnlyList<BulkRecipient> recipients, CancellationToken cancellationToken) =>
            Task.FromResult(new BulkSendResult(BulkSendOutcome.Rejected, "Refused in a test.", 400));
    }
}
