using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ConnecXPortal.Web.Data.Configurations;

internal sealed class BuildingConfiguration : IEntityTypeConfiguration<Building>
{
    public void Configure(EntityTypeBuilder<Building> builder)
    {
        builder.Property(b => b.Name).HasMaxLength(120);
        builder.Property(b => b.Address).HasMaxLength(200);
        builder.Property(b => b.Suburb).HasMaxLength(80);
        builder.Property(b => b.State).HasMaxLength(10);
        builder.Property(b => b.Postcode).HasMaxLength(10);
        builder.HasIndex(b => b.Name);
    }
}

internal sealed class BuildingManagerAssignmentConfiguration : IEntityTypeConfiguration<BuildingManagerAssignment>
{
    public void Configure(EntityTypeBuilder<BuildingManagerAssignment> builder)
    {
        builder.HasKey(a => new { a.ManagerId, a.BuildingId });
        builder.HasOne(a => a.Building).WithMany(b => b.Managers).HasForeignKey(a => a.BuildingId);
        builder.HasOne(a => a.Manager).WithMany().HasForeignKey(a => a.ManagerId);
        builder.HasIndex(a => a.BuildingId);
    }
}

internal sealed class BuildingNoticeConfiguration : IEntityTypeConfiguration<BuildingNotice>
{
    public void Configure(EntityTypeBuilder<BuildingNotice> builder)
    {
        builder.Property(n => n.Title).HasMaxLength(200);
        builder.Property(n => n.Body).HasMaxLength(4000);
        builder.HasOne(n => n.Building).WithMany(b => b.Notices).HasForeignKey(n => n.BuildingId);
        builder.HasIndex(n => new { n.BuildingId, n.PublishedAt });
    }
}
