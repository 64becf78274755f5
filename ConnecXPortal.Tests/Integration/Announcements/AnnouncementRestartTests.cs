using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Features.Announcements;
using Microsoft.EntityFrameworkCore;

namespace ConnecXPortal.Tests.Integration.Announcements;

public sealed class AnnouncementRestartTests : IAsyncLifetime
{
    private SendGridStub stub = null!;
    private PortalAppFactory first = null!;
    private PortalAppFactory? second;

    public async Task InitializeAsync()
    {
        stub = await SendGridStub.StartAsync();
        first = SendingThroughStub(new PortalAppFactory());
    }

    public async Task DisposeAsync()
    {
        if (second is not null)
        {
            await ((IAsyncLifetime)second).DisposeAsync();
        }

        await ((IAsyncLifetime)first).DisposeAsync();
        await stub.DisposeAsync();
    }

    [Fact]
    public async Task PortalStoppingMidCampaign_ResumesAfterRestart_WithoutSendingAnyoneASecondCopy()
    {
        var building = await first.CreateBuildingWithResidentsAsync(2500);
        var inFlight = new TaskCompletionSource<StubAnswer?>(TaskCreationOptions.RunContinuationsAsynchronously);
        // The second request reaches SendGrid but its answer never comes back before the portal stops.
        stub.RespondAsync = (n, _) => n == 1 ? inFlight.Task : Task.FromResult<StubAnswer?>(null);
        var campaign = await first.QueueForBuildingAsync(building);
        await stub.WaitForRequestsAsync(2);

        await first.DisposeAsync();
        inFlight.SetResult(null);
        var interrupted = stub.Requests.ElementAt(1).Recipients();

        stub.RespondAsync = null;
        second = SendingThroughStub(new PortalAppFactory()).WithSetting("ConnectionStrings:Portal", $"Data Source={first.DatabasePath}");
        var progress = await second.WaitForCompletionAsync(campaign);

        var requests = stub.Requests.OfCampaign(campaign);
        requests.Should().HaveCount(3, "the batch in flight is not sent again; only the untouched third batch is");
        requests.SelectMany(r => r.Recipients()).Should().OnlyHaveUniqueItems().And.HaveCount(2500);
        progress.Should().BeEquivalentTo(new { Sent = 1500, Unconfirmed = 1000, Pending = 0, Sending = 0, Failed = 0 });
        await using var db = second.CreateDbContext();
        var unconfirmed = await db.AnnouncementRecipients
            .Where(r => r.CampaignId == campaign && r.Status == RecipientStatus.Unconfirmed)
            .Select(r => new { r.Email, r.Error })
            .ToListAsync();
        unconfirmed.Select(r => r.Email).Should().BeEquivalentTo(interrupted);
        unconfirmed.Should().OnlyContain(r => r.Error == CampaignRunner.InterruptedError);
    }

    private PortalAppFactory SendingThroughStub(PortalAppFactory app)
    {
        app.WithSetting("Email:Provider", "SendGrid")
            .WithSetting("Email:SendGrid:ApiKey", "SG.restart-key")
            .WithSetting("Email:SendGrid:Host", stub.BaseAddress.ToString());
        return app;
    }
}
