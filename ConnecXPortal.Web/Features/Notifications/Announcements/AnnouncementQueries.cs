using ConnecXPortal.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace ConnecXPortal.Web.Features.Notifications.Announcements;

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

    /// <summary>How many residents of <paramref name="buildingId"/> have been sent the announcement (by any campaign).</summary>
    public static Task<int> ResidentsSentTheAnnouncementAsync(this PortalDbContext db, Guid buildingId, CancellationToken cancellationToken = default) =>
        db.AnnouncementRecipients
            .Where(r => r.BuildingId == buildingId && r.Status == RecipientStatus.Sent)
            .Select(r => r.UserId)
            .Distinct()
            .CountAsync(cancellationToken);
}
