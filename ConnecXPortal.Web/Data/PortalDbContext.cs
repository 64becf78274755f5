using ConnecXPortal.Web.Features.Announcements;
using ConnecXPortal.Web.Features.AppApi;
using ConnecXPortal.Web.Features.Audit;
using ConnecXPortal.Web.Features.Cutover;
using ConnecXPortal.Web.Features.EmailLinks;
using ConnecXPortal.Web.Features.Factors;
using ConnecXPortal.Web.Features.Manage.Reminders;
using ConnecXPortal.Web.Features.Notifications;
using ConnecXPortal.Web.Features.Security;
using ConnecXPortal.Web.Features.Sessions;
using ConnecXPortal.Web.Features.Throttling;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace ConnecXPortal.Web.Data;

/// <summary>
/// The portal's one database: the Identity stores (schema version 3, with passkeys), buildings, and every
/// feature's tables. Each provider has a subclass that owns its migrations (see <see cref="SqlitePortalDbContext"/>
/// and <see cref="SqlServerPortalDbContext"/>); features depend on this base type only.
/// </summary>
public abstract class PortalDbContext(DbContextOptions options)
    : IdentityDbContext<PortalUser, PortalRole, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<Building> Buildings => Set<Building>();

    public DbSet<BuildingManagerAssignment> BuildingManagers => Set<BuildingManagerAssignment>();

    public DbSet<BuildingNotice> BuildingNotices => Set<BuildingNotice>();

    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<AnnouncementCampaign> AnnouncementCampaigns => Set<AnnouncementCampaign>();

    public DbSet<AnnouncementCampaignBuilding> AnnouncementCampaignBuildings => Set<AnnouncementCampaignBuilding>();

    public DbSet<AnnouncementRecipient> AnnouncementRecipients => Set<AnnouncementRecipient>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<UserFactor> UserFactors => Set<UserFactor>();

    public DbSet<RecoveryCode> RecoveryCodes => Set<RecoveryCode>();

    public DbSet<EmailCodeChallenge> EmailCodeChallenges => Set<EmailCodeChallenge>();

    public DbSet<StepUpVerification> StepUpVerifications => Set<StepUpVerification>();

    public DbSet<AccountLink> AccountLinks => Set<AccountLink>();
    public DbSet<UserSession> UserSessions => Set<UserSession>();

    public DbSet<CutoverPhaseProgress> CutoverPhases => Set<CutoverPhaseProgress>();

    public DbSet<CutoverRun> CutoverRuns => Set<CutoverRun>();

    public DbSet<ResidentReminder> ResidentReminders => Set<ResidentReminder>();

    public DbSet<AppRefreshToken> AppRefreshTokens => Set<AppRefreshToken>();

    public DbSet<AppSignInTicket> AppSignInTickets => Set<AppSignInTicket>();

    public DbSet<ThrottleSlot> ThrottleSlots => Set<ThrottleSlot>();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
        // Every context, however it is created (the portal, dotnet ef, tests), refuses to change the audit log.
        optionsBuilder.AddInterceptors(AppendOnlyAuditInterceptor.Instance);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);
    }
}
