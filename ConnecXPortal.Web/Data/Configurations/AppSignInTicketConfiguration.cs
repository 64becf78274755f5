using ConnecXPortal.Web.Features.AppApi;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ConnecXPortal.Web.Data.Configurations;

internal sealed class AppSignInTicketConfiguration : IEntityTypeConfiguration<AppSignInTicket>
{
    public void Configure(EntityTypeBuilder<AppSignInTicket> builder)
    {
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.HasOne<PortalUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);

        // The retention of expired tickets deletes by expiry.
        builder.HasIndex(t => t.ExpiresAt);
    }
}
