using ConnecXPortal.Domain.Sessions;
using ConnecXPortal.Web.Features.Cutover;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ConnecXPortal.Web.Data.Configurations;

internal sealed class CutoverPhaseProgressConfiguration : IEntityTypeConfiguration<CutoverPhaseProgress>
{
    public void Configure(EntityTypeBuilder<CutoverPhaseProgress> builder)
    {
        builder.HasKey(p => p.Client);
        builder.Property(p => p.Client).ValueGeneratedNever();

        // Ticks: SQL Server's time type stops at 24 hours, and a pause can last days.
        builder.Property(p => p.PausedFor).HasConversion<long>();

        // One row per client from the start, so that claiming a range is always an UPDATE, never a racing INSERT.
        builder.HasData(Enum.GetValues<SessionClient>().Select(client => new CutoverPhaseProgress { Client = client }));
    }
}

internal sealed class CutoverRunConfiguration : IEntityTypeConfiguration<CutoverRun>
{
    public void Configure(EntityTypeBuilder<CutoverRun> builder)
    {
        builder.Property(r => r.Instance).HasMaxLength(200);

        // A phase's runs never overlap: a second run from the same position cannot be recorded.
        builder.HasIndex(r => new { r.Client, r.FromPosition }).IsUnique();
    }
}
