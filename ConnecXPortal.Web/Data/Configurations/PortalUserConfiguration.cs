using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ConnecXPortal.Web.Data.Configurations;

internal sealed class PortalUserConfiguration : IEntityTypeConfiguration<PortalUser>
{
    public void Configure(EntityTypeBuilder<PortalUser> builder)
    {
        builder.Property(u => u.GivenName).HasMaxLength(100);
        builder.Property(u => u.FamilyName).HasMaxLength(100);
        builder.Property(u => u.Unit).HasMaxLength(20);
        builder.Ignore(u => u.DisplayName);
        builder.HasOne(u => u.Building).WithMany().HasForeignKey(u => u.BuildingId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(u => new { u.BuildingId, u.FamilyName, u.GivenName });

        // Managers' dashboard: a building's residents by rollout state (counts and the status filter).
        builder.HasIndex(u => new { u.BuildingId, u.ActivatedAt });

        // Support's search by name (a prefix of the first or last name) and its default order.
        builder.HasIndex(u => new { u.FamilyName, u.GivenName });
        builder.HasIndex(u => u.GivenName);

        // The lockout and alert counters change only by conditional UPDATEs (PortalUserManager, SignInFailures):
        // Identity's full-row save of a user loaded earlier must not write a stale count or lockout back.
        foreach (var counter in new[]
        {
            nameof(PortalUser.AccessFailedCount), nameof(PortalUser.LockoutEnd), nameof(PortalUser.SecondFactorFailedCount),
            nameof(PortalUser.SecondFactorFailedSince), nameof(PortalUser.PasswordKnownAlertSentAt),
        })
        {
            builder.Property(counter).Metadata.SetAfterSaveBehavior(PropertySaveBehavior.Ignore);
        }
    }
}
