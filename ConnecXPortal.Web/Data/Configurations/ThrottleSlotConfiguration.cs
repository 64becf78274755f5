using ConnecXPortal.Web.Features.Throttling;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ConnecXPortal.Web.Data.Configurations;

internal sealed class ThrottleSlotConfiguration : IEntityTypeConfiguration<ThrottleSlot>
{
    public void Configure(EntityTypeBuilder<ThrottleSlot> builder)
    {
        builder.HasKey(s => new { s.Key, s.Slot });
        builder.Property(s => s.Key).HasMaxLength(ThrottleSlot.MaxKeyLength);

        // Retention deletes slots whose window has passed.
        builder.HasIndex(s => s.UsedAt);
    }
}
