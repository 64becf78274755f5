using ConnecXPortal.Web.Features.Announcements;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ConnecXPortal.Web.Data.Configurations;

internal sealed class AnnouncementCampaignConfiguration : IEntityTypeConfiguration<AnnouncementCampaign>
{
    public void Configure(EntityTypeBuilder<AnnouncementCampaign> builder)
    {
        builder.Property(c => c.Template).HasMaxLength(64);
        builder.Property(c => c.Audience).HasMaxLength(1000);
        builder.Property(c => c.CreatedByEmail).HasMaxLength(256);
        builder.Property(c => c.LastError).HasMaxLength(1000);
        builder.HasMany(c => c.Buildings).WithOne().HasForeignKey(b => b.CampaignId);
        builder.HasIndex(c => new { c.Status, c.CreatedAt });
        builder.HasIndex(c => c.CreatedAt);
    }
}

internal sealed class AnnouncementCampaignBuildingConfiguration : IEntityTypeConfiguration<AnnouncementCampaignBuilding>
{
    public void Configure(EntityTypeBuilder<AnnouncementCampaignBuilding> builder)
    {
        builder.HasKey(b => new { b.CampaignId, b.BuildingId });
        builder.HasOne<Building>().WithMany().HasForeignKey(b => b.BuildingId);
        builder.HasIndex(b => b.BuildingId);
    }
}

internal sealed class AnnouncementRecipientConfiguration : IEntityTypeConfiguration<AnnouncementRecipient>
{
    public void Configure(EntityTypeBuilder<AnnouncementRecipient> builder)
    {
        builder.Property(r => r.Email).HasMaxLength(256);
        builder.Property(r => r.GivenName).HasMaxLength(100);
        builder.Property(r => r.FamilyName).HasMaxLength(100);
        builder.Property(r => r.Error).HasMaxLength(1000);
        builder.HasOne<AnnouncementCampaign>().WithMany().HasForeignKey(r => r.CampaignId);
        builder.HasIndex(r => new { r.CampaignId, r.UserId }).IsUnique();
        builder.HasIndex(r => new { r.CampaignId, r.Status, r.Id });
        builder.HasIndex(r => r.BatchId);
        builder.HasIndex(r => new { r.UserId, r.Status });
        builder.HasIndex(r => new { r.BuildingId, r.Status });
    }
}
