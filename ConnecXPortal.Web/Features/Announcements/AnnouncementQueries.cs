using ConnecXPortal.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace ConnecXPortal.Web.Features.Announcements;

/// <summary>Reads shared by the sender and the pages.</summary>
public static class AnnouncementQueries
{
    /// <summary>A campaign's state and recipient counts (one grouped count in SQL), or null when there is no such campaign.</summary>
    public static async Task<CampaignProgress?> CampaignProgressAsync(this PortalDbContext db, Guid campaignId, CancellationToken cancellationToken = default)
    {
        var campaign = await db.AnnouncementCampaigns.AsNoTracking()
            .Where(c => c.Id == campaignId)
            .Select(c => new { c.Status, c.NextAttemptAt, c.LastError })
            .SingleOrDefaultAsync(cancellationToken);
        if (campaign is null)
        {
            return null;
        }

        var counts = await db.AnnouncementRecipients
            .Where(r => r.CampaignId == campaignId)
            .GroupBy(r => r.Status)
            .Select(g => new { Status = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Status, g => g.Count, cancellationToken);
        int Count(RecipientStatus status) => counts.GetValueOrDefault(status);
        return new CampaignProgress(campaignId, campaign.Status, Count(RecipientStatus.Pending), Count(RecipientStatus.Sending),
            Count(RecipientStatus.Sent), Count(RecipientStatus.Failed), Count(RecipientStatus.Unconfirmed), campaign.NextAttemptAt,
            campaign.LastError);
    }

    /// <summary>
    /// The newest campaigns (all of them, or those sent to <paramref name="buildingId"/>), each with its progress:
    /// two queries whatever the number of campaigns.
    /// </summary>
    public static async Task<List<CampaignView>> CampaignsAsync(this PortalDbContext db, Guid? buildingId = null, int take = 20, CancellationToken cancellationToken = default)
    {
        var query = db.AnnouncementCampaigns.AsNoTracking();
        if (buildingId is { } building)
        {
            query = query.Where(c => c.Buildings.Any(b => b.BuildingId == building));
        }

        var campaigns = await query
            .OrderByDescending(c => c.CreatedAt)
            .Take(take)
            .ToListAsync(cancellationToken);
        var ids = campaigns.Select(c => c.Id).ToList();
        var counts = await db.AnnouncementRecipients
            .Where(r => ids.Contains(r.CampaignId))
            .GroupBy(r => new { r.CampaignId, r.Status })
            .Select(g => new { g.Key.CampaignId, g.Key.Status, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return [.. campaigns.Select(c =>
        {
            int Count(RecipientStatus status) => counts.FirstOrDefault(x => x.CampaignId == c.Id && x.Status == status)?.Count ?? 0;
            return new CampaignView(c, new CampaignProgress(c.Id, c.Status, Count(RecipientStatus.Pending), Count(RecipientStatus.Sending),
                Count(RecipientStatus.Sent), Count(RecipientStatus.Failed), Count(RecipientStatus.Unconfirmed), c.NextAttemptAt, c.LastError));
        })];
    }

    /// <summary>How many residents of <paramref name="buildingId"/> have been sent the announcement (by any campaign).</summary>
    public static Task<int> ResidentsSentTheAnnouncementAsync(this PortalDbContext db, Guid buildingId, CancellationToken cancellationToken = default) =>
        db.AnnouncementRecipients
            .Where(r => r.BuildingId == buildingId && r.Status == RecipientStatus.Sent)
            .Select(r => r.UserId)
            .Distinct()
            .CountAsync(cancellationToken);
}

/// <summary>A campaign as the pages show it: what it is, and where its recipients are.</summary>
public sealed record CampaignView(AnnouncementCampaign Campaign, CampaignProgress Progress);
