using ConnecXPortal.Web.Features.Sessions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ConnecXPortal.Web.Data.Configurations;

internal sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> builder)
    {
        builder.Property(s => s.Brand).HasMaxLength(64);
        builder.Property(s => s.Device).HasMaxLength(200);
        builder.Property(s => s.DeviceId).HasMaxLength(128);
        builder.Property(s => s.AppVersion).HasMaxLength(32);
        builder.Property(s => s.IpAddress).HasMaxLength(64);
        builder.HasOne(s => s.User).WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);

        // A user's sessions (Devices and sessions, ending all of them).
        builder.HasIndex(s => new { s.UserId, s.LastSeenAt });

        // The cutover job's UPDATE: live sessions of one client, by spread position, created before the phase.
        // Only live rows are indexed, so the index shrinks as the cutover proceeds.
        builder.HasIndex(s => new { s.Client, s.SpreadPosition, s.CreatedAt })
            .HasFilter("[EndedAt] IS NULL")
            .HasDatabaseName("IX_UserSessions_Live_Cutover");

        // Managers' dashboard: a resident's last sign-in, and who has not signed in since the cutover.
        builder.HasIndex(s => new { s.UserId, s.CreatedAt });

        // Support's report: who signed in since the cutover, and how.
        builder.HasIndex(s => new { s.CreatedAt, s.SignInMethod, s.UserId });

        // Retention: ended sessions by when they ended, lapsed ones by when they lapsed.
        builder.HasIndex(s => s.EndedAt).HasFilter("[EndedAt] IS NOT NULL").HasDatabaseName("IX_UserSessions_Ended");
        builder.HasIndex(s => s.ExpiresAt).HasFilter("[EndedAt] IS NULL").HasDatabaseName("IX_UserSessions_Live_Expiry");
    }
}
