using ConnecXPortal.Web.Features.AppApi;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ConnecXPortal.Web.Data.Configurations;

internal sealed class AppRefreshTokenConfiguration : IEntityTypeConfiguration<AppRefreshToken>
{
    public void Configure(EntityTypeBuilder<AppRefreshToken> builder)
    {
        builder.Property(t => t.TokenHash).HasMaxLength(32);
        builder.Property(t => t.DeviceId).HasMaxLength(128);
        builder.Property(t => t.Brand).HasMaxLength(64);
        builder.Property(t => t.AppVersion).HasMaxLength(32);
        builder.HasOne(t => t.Session).WithMany().HasForeignKey(t => t.SessionId).OnDelete(DeleteBehavior.Cascade);

        // Every refresh looks its token up by hash; a hash is one token.
        builder.HasIndex(t => t.TokenHash).IsUnique();
        builder.HasIndex(t => t.SessionId);
    }
}
