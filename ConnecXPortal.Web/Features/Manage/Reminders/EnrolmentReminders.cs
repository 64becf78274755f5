using System.Data;
using System.Security.Claims;
using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Domain.People;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Audit;
using ConnecXPortal.Web.Features.Cutover;
using ConnecXPortal.Web.Features.EmailLinks;
using ConnecXPortal.Web.Features.Invitations;
using ConnecXPortal.Web.Features.Notifications;
using ConnecXPortal.Web.Hosting;
using Microsoft.EntityFrameworkCore;

namespace ConnecXPortal.Web.Features.Manage.Reminders;

/// <summary>Who to remind: the chosen residents of a building, or (no ids) every resident there who has not enrolled.</summary>
public sealed record ReminderRequest(Guid BuildingId, IReadOnlyCollection<Guid>? ResidentIds = null)
{
    public const int MaxChosen = 1000;

    public static ReminderRequest AllNotEnrolled(Guid buildingId) => new(buildingId);
}

public sealed record RemindedResident(Guid UserId, string Name, string Email, ResidentReminderKind Kind);

/// <param name="NextAllowedAt">For a resident reminded recently: when they can be reminded again.</param>
public sealed record SkippedResident(Guid UserId, string Name, string Email, ReminderSkipReason Reason, DateTimeOffset? NextAllowedAt);

/// <summary>What happened: who was sent a reminder, who was skipped and why, and who could not be sent one.</summary>
/// <param name="Refused">The request was refused (another building, residents of another building): nothing was sent.</param>
public sealed record ReminderResult(
    IReadOnlyList<RemindedResident> Sent,
    IReadOnlyList<SkippedResident> Skipped,
    IReadOnlyList<RemindedResident> Failed,
    string? Problem = null,
    bool Refused = false)
{
    public static ReminderResult RefusedBecause(string problem) => new([], [], [], problem, Refused: true);
}

/// <summary>
/// "Send reminder" on the managers' dashboard: at most one reminder a resident a day (<see cref="ReminderPolicy"/>),
/// claimed as <see cref="ResidentReminder"/> rows in one transaction so two managers at once cannot both send.
/// </summary>
public sealed class EnrolmentReminders(
    PortalDbContext db,
    ManagedBuildings managedBuildings,
    AccountLinks links,
    AuditLog audit,
    IBulkEmailSender sender,
    EmailRenderer renderer,
    RolloutDates dates,
    PortalUrls urls,
    TimeProvider clock)
{
    /// <summary>Each invited resident's activation token, filled into their copy of the activation reminder.</summary>
    public const string ActivationTokenField = "{{activationToken}}";

    public async Task<ReminderResult> SendAsync(ClaimsPrincipal manager, ReminderRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manager);
        ArgumentNullException.ThrowIfNull(request);
        var building = await managedBuildings.FindAsync(manager, request.BuildingId, "sending reminders to the residents", cancellationToken: cancellationToken);
        if (building is null)
        {
            return ReminderResult.RefusedBecause("You can only send reminders to the residents of buildings you manage. This attempt has been recorded.");
        }

        var chosen = request.ResidentIds?.Distinct().ToList();
        if (chosen is { Count: 0 })
        {
            return new ReminderResult([], [], [], "Choose at least one resident to remind.");
        }

        if (chosen is { Count: > ReminderRequest.MaxChosen })
        {
            return new ReminderResult([], [], [], $"Choose at most {ReminderRequest.MaxChosen} residents at a time, or remind everyone not yet enrolled.");
        }

        var managerId = Guid.TryParse(manager.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : (Guid?)null;
        var managerEmail = manager.FindFirstValue(ClaimTypes.Email) ?? manager.Identity?.Name;
        if (chosen is not null)
        {
            var inBuilding = await db.Users.CountAsync(u => chosen.Contains(u.Id) && u.BuildingId == building.Id, cancellationToken);
            if (inBuilding != chosen.Count)
            {
                await audit.RecordAsync(new AuditEntry(AuditEventTypes.BuildingAccessDenied)
                {
                    ActorId = managerId,
                    ActorEmail = managerEmail,
                    BuildingId = building.Id,
                    Details = $"Refused: sending reminders to {chosen.Count - inBuilding} chosen people who are not residents of {building.Name}.",
                }, cancellationToken);
                return ReminderResult.RefusedBecause(
                    $"Some of the chosen people are not residents of {building.Name}, so no reminder was sent. This attempt has been recorded.");
            }
        }

        var now = clock.UtcNow();
        var batchId = Guid.CreateVersion7();
        var claim = await ClaimAsync(building.Id, chosen, managerId, batchId, now, cancellationToken);

        var failed = new List<Claimed>();
        var unconfirmed = new HashSet<long>();
        foreach (var group in claim.ToSend.GroupBy(c => c.Reminder.Kind))
        {
            var email = Render(group.Key, building.Name, batchId, now);
            foreach (var chunk in group.Chunk(Math.Max(1, sender.MaxRecipientsPerRequest)))
            {
                var result = await sender.SendAsync(email, [.. chunk.Select(c => Recipient(c, claim.Tokens))], cancellationToken);
                switch (result.Outcome)
                {
                    case BulkSendOutcome.Accepted:
                        break;
                    case BulkSendOutcome.Unknown:
                        // The provider may have taken it: keep the claim, so nobody gets a second copy within the day.
                        unconfirmed.UnionWith(chunk.Select(c => c.Reminder.Id));
                        break;
                    default:
                        failed.AddRange(chunk);
                        break;
                }
            }
        }

        if (failed.Count > 0)
        {
            var released = failed.Select(c => c.Reminder.Id).ToList();
            await db.ResidentReminders.Where(r => released.Contains(r.Id)).ExecuteDeleteAsync(cancellationToken);
        }

        var failedIds = failed.Select(c => c.Reminder.Id).ToHashSet();
        var sent = claim.ToSend.Where(c => !failedIds.Contains(c.Reminder.Id)).ToList();
        foreach (var item in sent)
        {
            audit.Add(new AuditEntry(AuditEventTypes.ReminderSent)
            {
                ActorId = managerId,
                ActorEmail = managerEmail,
                SubjectId = item.Resident.Id,
                SubjectEmail = item.Resident.Email,
                BuildingId = building.Id,
                Reason = item.Resident.Status.DisplayName(),
                Details = (item.Reminder.Kind == ResidentReminderKind.Activation
                        ? "Reminder to activate the account, with a new activation link."
                        : "Reminder to set up a verification method.")
                    + (unconfirmed.Contains(item.Reminder.Id) ? " The email service did not confirm it took the message." : ""),
            });
        }

        await audit.SaveAsync(cancellationToken);
        return new ReminderResult(
            [.. sent.Select(c => c.Resident.ToReminded(c.Reminder.Kind))],
            claim.Skipped,
            [.. failed.Select(c => c.Resident.ToReminded(c.Reminder.Kind))],
            failed.Count == 0 ? null
                : $"The email service did not take the reminders for {failed.Count} {(failed.Count == 1 ? "resident" : "residents")}. Nothing was sent to them; try again later.");
    }

    /// <summary>
    /// Decides who gets a reminder and records it, in one serializable transaction: a second request at the same time
    /// waits, then sees these rows and skips those residents.
    /// </summary>
    private async Task<ClaimResult> ClaimAsync(Guid buildingId, List<Guid>? chosen, Guid? managerId, Guid batchId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
            var candidates = db.Users.AsNoTracking().Where(u => u.BuildingId == buildingId && u.Email != null);
            candidates = chosen is null
                ? candidates.Where(u => u.ActivatedAt == null || !db.UserFactors.Any(f => f.UserId == u.Id))
                : candidates.Where(u => chosen.Contains(u.Id));
            var residents = await candidates
                .OrderBy(u => u.FamilyName).ThenBy(u => u.GivenName).ThenBy(u => u.Id)
                .Select(u => new Candidate(
                    u.Id,
                    u.GivenName,
                    u.FamilyName,
                    u.Email!,
                    u.ActivatedAt == null ? AccountStatus.Invited
                        : db.UserFactors.Any(f => f.UserId == u.Id) ? AccountStatus.Enrolled : AccountStatus.ActivatedWithoutFactor,
                    db.ResidentReminders.Where(r => r.UserId == u.Id).Max(r => (DateTimeOffset?)r.SentAt)))
                .ToListAsync(cancellationToken);

            var toSend = new List<Claimed>();
            var skipped = new List<SkippedResident>();
            foreach (var resident in residents)
            {
                var decision = ReminderPolicy.Decide(resident.Status, resident.LastRemindedAt, now);
                if (decision.Skip is { } reason)
                {
                    skipped.Add(new SkippedResident(resident.Id, resident.Name, resident.Email, reason, decision.NextAllowedAt));
                    continue;
                }

                var reminder = new ResidentReminder
                {
                    UserId = resident.Id,
                    BuildingId = buildingId,
                    Kind = resident.Status == AccountStatus.Invited ? ResidentReminderKind.Activation : ResidentReminderKind.SetUpVerification,
                    SentAt = now,
                    SentById = managerId,
                    BatchId = batchId,
                };
                db.ResidentReminders.Add(reminder);
                toSend.Add(new Claimed(resident, reminder));
            }

            var invited = toSend.Where(c => c.Reminder.Kind == ResidentReminderKind.Activation).Select(c => c.Resident.Id).ToList();
            var tokens = invited.Count == 0
                ? new Dictionary<Guid, string>()
                : await links.CreateManyAsync(invited, AccountLinkPurpose.Activation);
            if (invited.Count > 0)
            {
                await db.Users.Where(u => invited.Contains(u.Id))
                    .ExecuteUpdateAsync(s => s.SetProperty(u => u.InvitedAt, now), cancellationToken);
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new ClaimResult(toSend, skipped, tokens);
        });
    }

    private BulkEmail Render(ResidentReminderKind kind, string buildingName, Guid batchId, DateTimeOffset now)
    {
        var reminder = kind == ResidentReminderKind.Activation
            ? new EnrolmentReminder(EmailFields.FirstName, buildingName, AccountStatus.Invited,
                urls.Absolute($"{ResidentInvitations.ActivatePath}?token={ActivationTokenField}"))
            : new EnrolmentReminder(EmailFields.FirstName, buildingName, AccountStatus.ActivatedWithoutFactor);
        var message = renderer.Render(ReminderEmail.Create(reminder, dates, urls, now), to: "", toName: null);
        return new BulkEmail(message.Template, message.Subject, message.HtmlBody, message.TextBody, batchId);
    }

    private static BulkRecipient Recipient(Claimed claimed, IReadOnlyDictionary<Guid, string> tokens)
    {
        var fields = new Dictionary<string, string>(EmailFields.ForResident(claimed.Resident.GivenName));
        if (tokens.TryGetValue(claimed.Resident.Id, out var token))
        {
            fields[ActivationTokenField] = token;
        }

        return new BulkRecipient(claimed.Reminder.Id, claimed.Resident.Email, claimed.Resident.Name, fields);
    }

    private sealed record Candidate(Guid Id, string GivenName, string FamilyName, string Email, AccountStatus Status, DateTimeOffset? LastRemindedAt)
    {
        public string Name => $"{GivenName} {FamilyName}".Trim();

        public RemindedResident ToReminded(ResidentReminderKind kind) => new(Id, Name, Email, kind);
    }

    private sealed record Claimed(Candidate Resident, ResidentReminder Reminder);

    private sealed record ClaimResult(List<Claimed> ToSend, List<SkippedResident> Skipped, IReadOnlyDictionary<Guid, string> Tokens);
}
