using System.Text.Json;
using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Features.Announcements;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ConnecXPortal.Tests.Integration.Announcements;

/// <summary>The real portal sending through the real SendGrid client to a local stub endpoint.</summary>
public sealed class SendGridAnnouncementFixture : IAsyncLifetime
{
    public SendGridStub Stub { get; private set; } = null!;

    public PortalAppFactory App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Stub = await SendGridStub.StartAsync();
        App = new PortalAppFactory();
        App.WithSetting("Email:Provider", "SendGrid")
            .WithSetting("Email:SendGrid:ApiKey", "SG.announcement-key")
            .WithSetting("Email:SendGrid:Host", Stub.BaseAddress.ToString())
            .WithSetting("Announcements:InitialRetryDelay", "00:00:05")
            .WithSetting("Announcements:MaxRetryDelay", "00:01:00")
            .WithSetting("Announcements:MaxAttempts", "4");
        _ = App.ServerAddress;
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Stub.DisposeAsync();
    }
}

public sealed class AnnouncementSendGridTests : IClassFixture<SendGridAnnouncementFixture>
{
    private readonly SendGridStub stub;
    private readonly PortalAppFactory app;

    public AnnouncementSendGridTests(SendGridAnnouncementFixture fixture)
    {
        stub = fixture.Stub;
        app = fixture.App;
        stub.Respond = (_, _) => null;
        stub.RespondAsync = null;
    }

    [Fact]
    public async Task Announcement_To2500Residents_IsSentInThreeSendGridRequests_EachResidentOnce()
    {
        var building = await app.CreateBuildingWithResidentsAsync(2500);

        var campaign = await app.QueueForBuildingAsync(building);
        var progress = await app.WaitForCompletionAsync(campaign);

        var requests = stub.Requests.OfCampaign(campaign);
        requests.Should().HaveCount(3);
        requests.Select(r => r.Recipients().Count).Should().Equal(1000, 1000, 500);
        requests.Should().OnlyContain(r => r.Method == "POST" && r.Path == "/v3/mail/send" && r.Authorization == "Bearer SG.announcement-key");
        var sentTo = requests.SelectMany(r => r.Recipients()).ToList();
        sentTo.Should().OnlyHaveUniqueItems().And.HaveCount(2500);
        await using var db = app.CreateDbContext();
        var residents = await db.Users.Where(u => u.BuildingId == building).Select(u => u.Email!).ToListAsync();
        sentTo.Should().BeEquivalentTo(residents);
        progress.Should().BeEquivalentTo(new { Sent = 2500, Failed = 0, Pending = 0, Sending = 0, Unconfirmed = 0 });
    }

    [Fact]
    public async Task EachPersonalization_CarriesTheFirstName_PlainForTextAndEncodedForHtml()
    {
        var building = await app.CreateBuildingWithResidentsAsync(2, i => i == 0 ? "Zoë <Ann> & Co" : "Liam");

        var campaign = await app.QueueForBuildingAsync(building);
        await app.WaitForCompletionAsync(campaign);

        using var json = JsonDocument.Parse(stub.Requests.OfCampaign(campaign).Single().Body);
        var root = json.RootElement;
        var zoe = root.GetProperty("personalizations").EnumerateArray()
            .Single(p => p.GetProperty("to")[0].GetProperty("name").GetString() == "Zoë <Ann> & Co Bulk");
        zoe.GetProperty("substitutions").GetProperty("[%firstName%]").GetString().Should().Be("Zoë <Ann> & Co");
        zoe.GetProperty("substitutions").GetProperty("[%firstName:html%]").GetString().Should().Be("Zo&#235; &lt;Ann&gt; &amp; Co");
        var contents = root.GetProperty("content").EnumerateArray().ToDictionary(c => c.GetProperty("type").GetString()!, c => c.GetProperty("value").GetString()!);
        contents["text/plain"].Should().Contain("Hello [%firstName%],").And.NotContain("{{firstName}}");
        contents["text/html"].Should().Contain("Hello [%firstName:html%],").And.NotContain("{{firstName}}");
        root.GetProperty("subject").GetString().Should().Be("Multi-factor authentication is coming to connecX on 21 August");
        root.GetProperty("categories")[0].GetString().Should().Be(AnnouncementEmail.Template);
    }

    [Fact]
    public async Task ThrottledBatch_WaitsForRetryAfter_ThenSendsTheSameRecipientsOnce()
    {
        var building = await app.CreateBuildingWithResidentsAsync(10);
        var answered = 0;
        stub.Respond = (_, _) => Interlocked.Increment(ref answered) == 1
            ? new StubAnswer(429, RetryAfterSeconds: 7, Body: """{"errors":[{"message":"Too many requests"}]}""")
            : null;

        var campaign = await app.QueueForBuildingAsync(building);
        var waiting = await app.WaitForCampaignAsync(campaign, p => p.NextAttemptAt is not null);

        waiting.NextAttemptAt.Should().Be(app.Clock.GetUtcNow() + TimeSpan.FromSeconds(7));
        waiting.Should().BeEquivalentTo(new { Sent = 0, Waiting = 10 });
        waiting.LastError.Should().Contain("429");
        stub.Requests.OfCampaign(campaign).Should().HaveCount(1);

        app.Clock.Advance(TimeSpan.FromSeconds(7));
        var done = await app.WaitForCompletionAsync(campaign);

        done.Sent.Should().Be(10);
        done.LastError.Should().BeNull();
        var requests = stub.Requests.OfCampaign(campaign);
        requests.Should().HaveCount(2);
        requests[1].Recipients().Should().Equal(requests[0].Recipients());
    }

    [Fact]
    public async Task ServerErrors_WithoutRetryAfter_BackOffExponentially()
    {
        var building = await app.CreateBuildingWithResidentsAsync(3);
        var answered = 0;
        stub.Respond = (_, _) => Interlocked.Increment(ref answered) <= 2 ? new StubAnswer(503) : null;

        var campaign = await app.QueueForBuildingAsync(building);
        var first = await app.WaitForCampaignAsync(campaign, p => p.NextAttemptAt is not null);
        first.NextAttemptAt.Should().Be(app.Clock.GetUtcNow() + TimeSpan.FromSeconds(5));
        var firstRetryAt = first.NextAttemptAt!.Value;
        app.Clock.Advance(TimeSpan.FromSeconds(5));

        var second = await app.WaitForCampaignAsync(campaign, p => p.NextAttemptAt is { } at && at != firstRetryAt);
        second.NextAttemptAt.Should().Be(app.Clock.GetUtcNow() + TimeSpan.FromSeconds(10));
        app.Clock.Advance(TimeSpan.FromSeconds(10));

        (await app.WaitForCompletionAsync(campaign)).Sent.Should().Be(3);
        stub.Requests.OfCampaign(campaign).Should().HaveCount(3);
    }

    [Fact]
    public async Task PersistentServerErrors_PauseTheCampaign_WithNothingSent_AndResumeFinishesIt()
    {
        var building = await app.CreateBuildingWithResidentsAsync(4);
        var healthy = false;
        stub.Respond = (_, _) => healthy ? null : new StubAnswer(502);

        var campaign = await app.QueueForBuildingAsync(building);
        DateTimeOffset? previous = null;
        foreach (var wait in new[] { 5, 10, 20 })
        {
            var retrying = await app.WaitForCampaignAsync(campaign, p => p.NextAttemptAt is { } at && at != previous);
            retrying.NextAttemptAt.Should().Be(app.Clock.GetUtcNow() + TimeSpan.FromSeconds(wait));
            previous = retrying.NextAttemptAt;
            app.Clock.Advance(TimeSpan.FromSeconds(wait));
        }

        var paused = await app.WaitForCampaignAsync(campaign, p => p.Status == CampaignStatus.Paused);
        paused.Should().BeEquivalentTo(new { Pending = 4, Sending = 0, Sent = 0, Failed = 0 });
        paused.LastError.Should().Contain("Paused after 4 attempts").And.Contain("502");
        stub.Requests.OfCampaign(campaign).Should().HaveCount(4);

        healthy = true;
        (await app.WithScopeAsync(s => s.GetRequiredService<Campaigns>().ResumeAsync(AnnouncementTestData.Support, campaign)))
            .Should().BeTrue();

        (await app.WaitForCompletionAsync(campaign)).Sent.Should().Be(4);
        stub.Requests.OfCampaign(campaign).Should().HaveCount(5);
    }

    [Fact]
    public async Task RefusedBatch_MarksItsRecipientsFailed_AndSupportCanSendToThemAgain()
    {
        var building = await app.CreateBuildingWithResidentsAsync(5);
        var answered = 0;
        stub.Respond = (_, _) => Interlocked.Increment(ref answered) == 1
            ? new StubAnswer(400, Body: """{"errors":[{"message":"Bad request"}]}""")
            : null;

        var campaign = await app.QueueForBuildingAsync(building);
        var done = await app.WaitForCompletionAsync(campaign);
        done.Should().BeEquivalentTo(new { Failed = 5, Sent = 0 });
        await using (var db = app.CreateDbContext())
        {
            (await db.AnnouncementRecipients.Where(r => r.CampaignId == campaign).Select(r => r.Error).Distinct().SingleAsync())
                .Should().Contain("400").And.Contain("Bad request");
        }

        var requeued = await app.WithScopeAsync(s =>
            s.GetRequiredService<Campaigns>().RequeueAsync(AnnouncementTestData.Support, campaign, RecipientStatus.Failed));

        requeued.Should().Be(5);
        await app.WaitForCampaignAsync(campaign, p => p.Status == CampaignStatus.Completed && p.Sent == 5);
        stub.Requests.OfCampaign(campaign).Should().HaveCount(2);
    }

    [Fact]
    public async Task Stop_LetsTheBatchInFlightFinish_ThenPauses_AndResumeSendsTheRest_BothAudited()
    {
        var building = await app.CreateBuildingWithResidentsAsync(1500);
        var inFlight = new TaskCompletionSource<StubAnswer?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var answered = 0;
        stub.RespondAsync = (_, _) => Interlocked.Increment(ref answered) == 1 ? inFlight.Task : Task.FromResult<StubAnswer?>(null);
        var campaign = await app.QueueForBuildingAsync(building);
        await app.WaitForCampaignAsync(campaign, p => p.Sending == 1000);

        var stopped = await app.WithScopeAsync(s => s.GetRequiredService<Campaigns>().StopAsync(AnnouncementTestData.Support, campaign));
        inFlight.SetResult(null);

        stopped.Should().BeTrue();
        var paused = await app.WaitForCampaignAsync(campaign, p => p.Status == CampaignStatus.Paused && p.Sending == 0);
        paused.Should().BeEquivalentTo(new { Sent = 1000, Pending = 500 });
        paused.LastError.Should().Be("Stopped by support.tester@example.com.");
        stub.Requests.OfCampaign(campaign).Should().HaveCount(1);

        (await app.WithScopeAsync(s => s.GetRequiredService<Campaigns>().ResumeAsync(AnnouncementTestData.Support, campaign)))
            .Should().BeTrue();

        (await app.WaitForCompletionAsync(campaign)).Sent.Should().Be(1500);
        stub.Requests.OfCampaign(campaign).SelectMany(r => r.Recipients()).Should().OnlyHaveUniqueItems().And.HaveCount(1500);
        await using var db = app.CreateDbContext();
        var audited = await db.AuditEvents.Where(e => e.Details!.Contains(campaign.ToString())).Select(e => e.Type).ToListAsync();
        audited.Should().Contain([AuditEventTypes.AnnouncementQueued, AuditEventTypes.AnnouncementStopped, AuditEventTypes.AnnouncementResumed]);
    }

    [Fact]
    public async Task InvalidAddress_FailsAlone_TheRestOfTheBatchIsSent()
    {
        var building = await app.CreateBuildingWithResidentsAsync(3);
        await using (var db = app.CreateDbContext())
        {
            var first = await db.Users.Where(u => u.BuildingId == building).OrderBy(u => u.Email).FirstAsync();
            first.Email = "not-an-address";
            await db.SaveChangesAsync();
        }

        var campaign = await app.QueueForBuildingAsync(building);
        var done = await app.WaitForCompletionAsync(campaign);

        done.Should().BeEquivalentTo(new { Sent = 2, Failed = 1 });
        stub.Requests.OfCampaign(campaign).Single().Recipients().Should().HaveCount(2).And.NotContain("not-an-address");
    }
}
