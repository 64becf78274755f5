using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Features.Audit;
using ConnecXPortal.Web.Features.Support;
using ConnecXPortal.Web.Features.Support.Log;
using Microsoft.Extensions.DependencyInjection;
using static ConnecXPortal.Tests.Infrastructure.ManageTestData;

namespace ConnecXPortal.Tests.Integration.Audit;

/// <summary>Support's search of the audit log: by type, who did it, whose account, dates and text; newest first, paged.</summary>
public sealed class AuditSearchTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task Filters_ByTypeActorSubjectDatesAndText_NewestFirst()
    {
        var subject = await app.CreateResidentAsync();
        var supportId = await app.UserIdAsync(DemoAccounts.Support);
        await RecordAsync(Sydney(2024, 9, 2, 23, 30), new AuditEntry(AuditEventTypes.SessionEnded) { ActorId = supportId, ActorEmail = DemoAccounts.Support, SubjectId = subject.Id, SubjectEmail = subject.Email, Reason = "Phone stolen" });
        await RecordAsync(Sydney(2024, 9, 3, 0, 30), new AuditEntry(AuditEventTypes.FactorsReset) { ActorId = supportId, ActorEmail = DemoAccounts.Support, SubjectId = subject.Id, SubjectEmail = subject.Email, Reason = "Phone stolen" });
        await RecordAsync(Sydney(2024, 9, 4, 9), AuditEntry.BySelf(AuditEventTypes.SignInSucceeded, subject) with { Details = "Password only" });

        var about = await SearchAsync(new AuditQuery(Subject: subject.Email!.ToUpperInvariant()));
        about.Rows.Select(e => e.Type).Should().Equal(AuditEventTypes.SignInSucceeded, AuditEventTypes.FactorsReset, AuditEventTypes.SessionEnded);
        about.TotalCount.Should().Be(3);

        (await SearchAsync(new AuditQuery(Type: AuditEventTypes.FactorsReset, Subject: subject.Email))).Rows.Should().ContainSingle();
        (await SearchAsync(new AuditQuery(Actor: DemoAccounts.Support, Subject: subject.Email))).Rows.Should().HaveCount(2);
        (await SearchAsync(new AuditQuery(Subject: subject.Email, From: new DateOnly(2024, 9, 3), To: new DateOnly(2024, 9, 3)))).Rows
            .Select(e => e.Type).Should().Equal([AuditEventTypes.FactorsReset], "days are Sydney days: 0:30 on the 3rd is in, 23:30 on the 2nd is not");
        (await SearchAsync(new AuditQuery(Subject: subject.Email, Text: "stolen"))).Rows.Should().HaveCount(2);
    }

    [Fact]
    public async Task Pages_AreNewestFirst_AndDoNotOverlap()
    {
        var subject = await app.CreateResidentAsync();
        for (var i = 0; i < 7; i++)
        {
            await RecordAsync(Sydney(2024, 9, 10, 9).AddMinutes(i), AuditEntry.BySelf(AuditEventTypes.SignInFailed, subject) with { Details = $"Attempt {i}" });
        }

        var first = await SearchAsync(new AuditQuery(Subject: subject.Email, PageSize: 3));
        var third = await SearchAsync(new AuditQuery(Subject: subject.Email, Page: 2, PageSize: 3));

        first.Rows.Select(e => e.Details).Should().Equal("Attempt 6", "Attempt 5", "Attempt 4");
        third.Rows.Select(e => e.Details).Should().Equal("Attempt 0");
        third.TotalCount.Should().Be(7);
    }

    [Fact]
    public async Task AnUnknownEmail_FindsTheEventsRecordedWithIt()
    {
        using var client = app.CreatePortalClient();
        await client.SubmitPasswordAsync("Ghost.User@Example.com", "wrong password");

        var found = await SearchAsync(new AuditQuery(Subject: "ghost.user@example.com"));

        found.Rows.Should().ContainSingle().Which.Details.Should().Be("Unknown email.");
    }

    [Fact]
    public async Task TheAuditLogPage_IsSupportsOnly_AndOffersEveryEventType()
    {
        using var client = await app.SignedInClientAsync(DemoAccounts.Support);

        var page = await client.GetAsync(SupportRoutes.AuditLogAbout(DemoAccounts.Resident));

        page.Heading.Should().Be("Audit log");
        AuditSearch.Types.Should().Contain([AuditEventTypes.FactorsReset, AuditEventTypes.ReminderSent, AuditEventTypes.CutoverPhaseApplied]);
        page.Document.QuerySelectorAll("input").Select(i => i.GetAttribute("value")).Should().Contain(DemoAccounts.Resident, "a link from a user's page opens the log filtered to them");
    }

    /// <summary>An event as the audit log would have written it at <paramref name="at"/> (the fake clock only moves forward).</summary>
    private async Task RecordAsync(DateTimeOffset at, AuditEntry entry)
    {
        await using var db = app.CreateDbContext();
        db.AuditEvents.Add(new AuditEvent
        {
            At = at.ToUniversalTime(),
            Type = entry.Type,
            ActorId = entry.ActorId,
            ActorEmail = entry.ActorEmail,
            SubjectId = entry.SubjectId,
            SubjectEmail = entry.SubjectEmail,
            Reason = entry.Reason,
            Details = entry.Details,
            IpAddress = "192.0.2.1",
        });
        await db.SaveChangesAsync();
    }

    private Task<AuditPage> SearchAsync(AuditQuery query) => app.Services.GetRequiredService<AuditSearch>().SearchAsync(query);
}
