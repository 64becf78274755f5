using System.Diagnostics;
using System.Security.Claims;
using ConnecXPortal.Bench.Data;
using ConnecXPortal.Bench.Reporting;
using ConnecXPortal.Domain.People;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Announcements;
using ConnecXPortal.Web.Features.Notifications;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace ConnecXPortal.Bench.Items;

/// <summary>
/// Item 5: the MFA announcement to every resident, as support sends it: Campaigns.QueueAsync fixes the
/// recipients, then CampaignRunner.RunAsync sends them through the portal's IBulkEmailSender, which is the real
/// SendGrid client talking to a local stub. Timed from the queueing to the last recipient recorded as sent.
/// </summary>
public static class AnnouncementBenchmark
{
    public const double TargetSeconds = 30;

    public static async Task<BenchItem> RunAsync(BenchContext context)
    {
        var options = context.Options;
        var sendGrid = await context.SendGridAsync();
        await using var portal = await context.StartPortalAsync(context.DatabasePath("announcement"), s => s with { AnnouncementSender = false });
        var hasher = portal.Services.GetRequiredService<IPasswordHasher<PortalUser>>();
        var seeding = Stopwatch.StartNew();
        var population = BenchSeeding.AddResidents(portal.DatabasePath, options.Recipients, Math.Min(options.Buildings, Math.Max(1, options.Recipients)), hasher.HashPassword(new PortalUser(), BenchPeople.Password), DateTimeOffset.UtcNow);
        context.Progress($"seeded {population.Residents:N0} residents in {population.Buildings.Count:N0} buildings in {seeding.Elapsed.TotalSeconds:0.#} s");

        var support = new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, population.SupportId.ToString()),
            new Claim(ClaimTypes.Email, population.SupportEmail),
            new Claim(ClaimTypes.Role, PortalRoles.Support),
        ], "benchmark"));

        sendGrid.Reset();
        var clock = Stopwatch.StartNew();
        QueueResult queued;
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            queued = await scope.ServiceProvider.GetRequiredService<Campaigns>().QueueAsync(support, AnnouncementAudience.AllResidents());
        }

        var queueSeconds = clock.Elapsed.TotalSeconds;
        if (!queued.Queued)
        {
            throw new InvalidOperationException($"The announcement was not queued: {queued.Problem}");
        }

        await portal.Services.GetRequiredService<CampaignRunner>().RunAsync(queued.CampaignId!.Value, CancellationToken.None);
        var totalSeconds = clock.Elapsed.TotalSeconds;

        await using var db = portal.CreateDbContext();
        var progress = await db.CampaignProgressAsync(queued.CampaignId.Value)
            ?? throw new InvalidOperationException("The campaign disappeared.");
        if (progress.Sent != options.Recipients || sendGrid.Recipients != options.Recipients)
        {
            throw new InvalidOperationException(
                $"Expected {options.Recipients:N0} recipients sent; the campaign records {progress.Sent:N0} sent, {progress.Failed:N0} failed, {progress.Unconfirmed:N0} unconfirmed, and the stub received {sendGrid.Recipients:N0}.");
        }

        var item = new BenchItem("announcement", 5, "Announcement");
        item.Add("recipients sent", progress.Sent, "");
        item.Add("total", totalSeconds, "s", Target.AtMost(TargetSeconds));
        item.Add("queueing (recipients fixed)", queueSeconds, "s");
        item.Add("sending", totalSeconds - queueSeconds, "s");
        item.Add("SendGrid requests", sendGrid.Requests, "");
        item.Notes.Add($"Campaigns.QueueAsync (support, all residents) then CampaignRunner.RunAsync; {population.Residents:N0} residents in {population.Buildings.Count:N0} buildings; the real SendGrid client to a local stub that answers 202 after {options.SendGridLatencyMs} ms (SendGrid's own time per request comes on top: {sendGrid.Requests} requests).");
        return item;
    }
}
