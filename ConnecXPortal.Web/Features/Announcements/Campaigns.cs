using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Text;
using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Domain.People;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace ConnecXPortal.Web.Features.Announcements;

/// <summary>Who the announcement goes to: the residents of the chosen buildings, or of every building when none is chosen.</summary>
/// <param name="IncludeAlreadySent">Also residents who were sent (or are being sent) the announcement by an earlier campaign.</param>
public sealed record AnnouncementAudience(IReadOnlyList<Guid> BuildingIds, bool IncludeAlreadySent = false)
{
    public static AnnouncementAudience AllResidents(bool includeAlreadySent = false) => new([], includeAlreadySent);

    public static AnnouncementAudience Building(Guid buildingId) => new([buildingId]);

    public bool IsAllResidents => BuildingIds.Count == 0;
}

/// <summary>The answer to a request to queue a campaign: its id, or why nothing was queued.</summary>
public sealed record QueueResult(Guid? CampaignId, int Recipients, string? Problem)
{
    public bool Queued => CampaignId is not null;
}

/// <summary>
/// Queues the announcement for an audience, and lets support stop, resume and re-send a campaign. The background
/// <see cref="AnnouncementSender"/> does the sending. Support may address anyone; a building manager only the
/// residents of a building they manage (a refusal is audited).
/// </summary>
public sealed class Campaigns(
    PortalDbContext db,
    IDbContextFactory<PortalDbContext> dbFactory,
    AuditLog audit,
    IBuildingManagerCheck managers,
    AnnouncementSignals signals,
    TimeProvider clock)
{
    /// <summary>How many residents <paramref name="audience"/> reaches now (its own context: pages call it while other work is under way).</summary>
    public async Task<int> CountAsync(AnnouncementAudience audience, CancellationToken cancellationToken = default)
    {
        await using var reader = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await reader.Database.SqlQuery<int>(AudienceSql(audience, """SELECT COUNT(*) AS "Value" FROM "AspNetUsers" AS u""", prefix: []))
            .SingleAsync(cancellationToken);
    }

    /// <summary>
    /// Fixes the recipients (one INSERT … SELECT, whatever the audience's size) and queues the campaign for the
    /// background sender. Nothing is queued when nobody is left to send to.
    /// </summary>
    public async Task<QueueResult> QueueAsync(ClaimsPrincipal user, AnnouncementAudience audience, CancellationToken cancellationToken = default)
    {
        var isSupport = user.IsInRole(PortalRoles.Support);
        if (!isSupport)
        {
            if (!user.IsInRole(PortalRoles.BuildingManager) || audience.BuildingIds.Count != 1 || audience.IncludeAlreadySent)
            {
                return new QueueResult(null, 0, "Only connecX support can send the announcement to more than one building.");
            }

            if (!await managers.ManagesAsync(user, audience.BuildingIds[0], "sending the announcement to the residents", cancellationToken))
            {
                return new QueueResult(null, 0, "You can only send the announcement to the residents of a building you manage.");
            }
        }

        var buildings = await db.Buildings.AsNoTracking()
            .Where(b => audience.BuildingIds.Contains(b.Id))
            .OrderBy(b => b.Name)
            .Select(b => new { b.Id, b.Name })
            .ToListAsync(cancellationToken);
        if (buildings.Count != audience.BuildingIds.Distinct().Count())
        {
            return new QueueResult(null, 0, "One of the chosen buildings no longer exists. Reload the page and choose again.");
        }

        var actorId = Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : (Guid?)null;
        var actorEmail = user.FindFirstValue(ClaimTypes.Email) ?? user.Identity?.Name;
        var campaign = new AnnouncementCampaign
        {
            Template = AnnouncementEmail.Template,
            Audience = audience.IsAllResidents ? "All residents" : string.Join(", ", buildings.Select(b => b.Name)),
            CreatedAt = clock.GetUtcNow(),
            CreatedById = actorId,
            CreatedByEmail = actorEmail,
            Status = CampaignStatus.Queued,
        };
        campaign.Buildings.AddRange(buildings.Select(b => new AnnouncementCampaignBuilding { BuildingId = b.Id }));

        var strategy = db.Database.CreateExecutionStrategy();
        var recipients = await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.AnnouncementCampaigns.Add(campaign);
            await db.SaveChangesAsync(cancellationToken);

            var inserted = await db.Database.ExecuteSqlAsync(AudienceSql(audience,
                """
                INSERT INTO "AnnouncementRecipients" ("CampaignId", "UserId", "BuildingId", "Email", "GivenName", "FamilyName", "Status")
                SELECT {0}, u."Id", u."BuildingId", u."Email", u."GivenName", u."FamilyName", {1}
                FROM "AspNetUsers" AS u
                """, prefix: [campaign.Id, (int)RecipientStatus.Pending]), cancellationToken);
            if (inserted == 0)
            {
                await transaction.RollbackAsync(cancellationToken);
                return 0;
            }

            campaign.RecipientCount = inserted;
            audit.Add(new AuditEntry(AuditEventTypes.AnnouncementQueued)
            {
                ActorId = actorId,
                ActorEmail = actorEmail,
                BuildingId = buildings.Count == 1 ? buildings[0].Id : null,
                Details = $"MFA announcement to {campaign.Audience}: {inserted} recipients (campaign {campaign.Id}).",
            });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return inserted;
        });

        db.ChangeTracker.Clear();
        if (recipients == 0)
        {
            return new QueueResult(null, 0, audience.IncludeAlreadySent
                ? "There are no residents to send to in the chosen buildings."
                : "Every resident in the chosen buildings has already been sent the announcement.");
        }

        signals.WorkQueued();
        return new QueueResult(campaign.Id, recipients, null);
    }

    /// <summary>Stops a queued or sending campaign after the batch in flight; its pending recipients wait for <see cref="ResumeAsync"/>.</summary>
    public async Task<bool> StopAsync(ClaimsPrincipal user, Guid campaignId, CancellationToken cancellationToken = default)
    {
        var stopped = await db.AnnouncementCampaigns
            .Where(c => c.Id == campaignId && (c.Status == CampaignStatus.Queued || c.Status == CampaignStatus.Sending))
            .ExecuteUpdateAsync(s => s
                .SetProperty(c => c.Status, CampaignStatus.Paused)
                .SetProperty(c => c.LastError, $"Stopped by {Email(user)}.")
                .SetProperty(c => c.NextAttemptAt, (DateTimeOffset?)null), cancellationToken);
        if (stopped > 0)
        {
            await RecordAsync(user, AuditEventTypes.AnnouncementStopped, campaignId, "Stopped the campaign.", cancellationToken);
        }

        return stopped > 0;
    }

    /// <summary>Queues a paused campaign again; its pending recipients are sent.</summary>
    public async Task<bool> ResumeAsync(ClaimsPrincipal user, Guid campaignId, CancellationToken cancellationToken = default) =>
        (await RequeueCoreAsync(user, campaignId, null, cancellationToken)).Queued;

    /// <summary>
    /// Sends a finished or paused campaign again to its recipients in <paramref name="status"/> (failed, or
    /// unconfirmed: those may receive a second copy, which is why only a person decides this). Returns how many.
    /// </summary>
    public async Task<int> RequeueAsync(ClaimsPrincipal user, Guid campaignId, RecipientStatus status, CancellationToken cancellationToken = default)
    {
        if (status is not (RecipientStatus.Failed or RecipientStatus.Unconfirmed))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "Only failed or unconfirmed recipients can be sent again.");
        }

        return (await RequeueCoreAsync(user, campaignId, status, cancellationToken)).Recipients;
    }

    private async Task<(bool Queued, int Recipients)> RequeueCoreAsync(
        ClaimsPrincipal user, Guid campaignId, RecipientStatus? status, CancellationToken cancellationToken)
    {
        var current = await db.AnnouncementCampaigns.AsNoTracking()
            .Where(c => c.Id == campaignId)
            .Select(c => (CampaignStatus?)c.Status)
            .SingleOrDefaultAsync(cancellationToken);
        if (current is not (CampaignStatus.Paused or CampaignStatus.Completed))
        {
            return (false, 0);
        }

        var strategy = db.Database.CreateExecutionStrategy();
        var (queued, count) = await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var moved = 0;
            if (status is { } which)
            {
                moved = await db.AnnouncementRecipients
                    .Where(r => r.CampaignId == campaignId && r.Status == which)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(r => r.Status, RecipientStatus.Pending)
                        .SetProperty(r => r.BatchId, (Guid?)null)
                        .SetProperty(r => r.Error, (string?)null), cancellationToken);
            }

            var hasPending = moved > 0 || await db.AnnouncementRecipients
                .AnyAsync(r => r.CampaignId == campaignId && r.Status == RecipientStatus.Pending, cancellationToken);
            if (hasPending)
            {
                await db.AnnouncementCampaigns
                    .Where(c => c.Id == campaignId && (c.Status == CampaignStatus.Paused || c.Status == CampaignStatus.Completed))
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(c => c.Status, CampaignStatus.Queued)
                        .SetProperty(c => c.FinishedAt, (DateTimeOffset?)null)
                        .SetProperty(c => c.LastError, (string?)null)
                        .SetProperty(c => c.NextAttemptAt, (DateTimeOffset?)null), cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return (hasPending, moved);
        });

        if (queued)
        {
            var what = status switch
            {
                RecipientStatus.Failed => $"Sent again to {count} failed recipients.",
                RecipientStatus.Unconfirmed => $"Sent again to {count} unconfirmed recipients (they may receive a second copy).",
                _ => "Resumed the campaign.",
            };
            await RecordAsync(user, AuditEventTypes.AnnouncementResumed, campaignId, what, cancellationToken);
            signals.WorkQueued();
        }

        return (queued, count);
    }

    private async Task RecordAsync(ClaimsPrincipal user, string type, Guid campaignId, string what, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        await audit.RecordAsync(new AuditEntry(type)
        {
            ActorId = Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null,
            ActorEmail = Email(user),
            Details = $"{what} (campaign {campaignId})",
        }, cancellationToken);
    }

    private static string? Email(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Email) ?? user.Identity?.Name;

    /// <summary>
    /// The audience as SQL after <paramref name="head"/>. EF Core has no INSERT … SELECT, and loading 100,000 users to
    /// insert them one entity at a time is what the announcement must not do; the names are EF's defaults for both
    /// providers. Every value is a parameter.
    /// </summary>
    private static FormattableString AudienceSql(AnnouncementAudience audience, string head, object[] prefix)
    {
        var args = new List<object>(prefix);
        string Parameter(object value)
        {
            args.Add(value);
            return "{" + (args.Count - 1) + "}";
        }

        var sql = new StringBuilder(head).AppendLine()
            .Append("""WHERE u."Email" IS NOT NULL AND u."BuildingId" IS NOT NULL""").AppendLine()
            .Append("""AND EXISTS (SELECT 1 FROM "AspNetUserRoles" AS ur INNER JOIN "AspNetRoles" AS ro ON ro."Id" = ur."RoleId" """)
            .Append("""WHERE ur."UserId" = u."Id" AND ro."NormalizedName" = """).Append(Parameter(PortalRoles.Resident.ToUpperInvariant())).Append(')');
        if (!audience.IsAllResidents)
        {
            sql.AppendLine().Append("""AND u."BuildingId" IN (""")
                .Append(string.Join(", ", audience.BuildingIds.Distinct().Select(b => Parameter(b)))).Append(')');
        }

        if (!audience.IncludeAlreadySent)
        {
            sql.AppendLine()
                .Append("""AND NOT EXISTS (SELECT 1 FROM "AnnouncementRecipients" AS earlier """)
                .Append("""INNER JOIN "AnnouncementCampaigns" AS c ON c."Id" = earlier."CampaignId" """)
                .Append("""WHERE earlier."UserId" = u."Id" AND c."Template" = """).Append(Parameter(AnnouncementEmail.Template))
                .Append(""" AND earlier."Status" <> """).Append(Parameter((int)RecipientStatus.Failed)).Append(')');
        }

        return FormattableStringFactory.Create(sql.ToString(), [.. args]);
    }
}
