using ConnecXPortal.Web.Features.Manage.Reminders;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ConnecXPortal.Web.Data.Configurations;

internal sealed class ResidentReminderConfiguration : IEntityTypeConfiguration<ResidentReminder>
{
    public void Configure(EntityTypeBuilder<ResidentReminder> builder)
    {
        builder.HasOne(r => r.User).WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);

        // The daily limit and "last reminded" in the resident table: a resident's newest reminder.
        builder.HasIndex(r => new { r.UserId, r.SentAt });
    }
}
