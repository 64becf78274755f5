using ConnecXPortal.Web.Features.EmailLinks;
using ConnecXPortal.Web.Features.Factors;
using ConnecXPortal.Web.Features.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ConnecXPortal.Web.Data.Configurations;

internal sealed class UserFactorConfiguration : IEntityTypeConfiguration<UserFactor>
{
    public void Configure(EntityTypeBuilder<UserFactor> builder)
    {
        builder.Property(f => f.Name).HasMaxLength(100);
        builder.Property(f => f.CredentialId).HasMaxLength(1024);
        builder.HasOne(f => f.User).WithMany().HasForeignKey(f => f.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(f => f.UserId);
        builder.HasIndex(f => new { f.Kind, f.UserId });
    }
}

internal sealed class RecoveryCodeConfiguration : IEntityTypeConfiguration<RecoveryCode>
{
    public void Configure(EntityTypeBuilder<RecoveryCode> builder)
    {
        builder.Property(c => c.Salt).HasMaxLength(16);
        builder.Property(c => c.Hash).HasMaxLength(32);
        builder.HasOne<PortalUser>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => c.UserId);
    }
}

internal sealed class EmailCodeChallengeConfiguration : IEntityTypeConfiguration<EmailCodeChallenge>
{
    public void Configure(EntityTypeBuilder<EmailCodeChallenge> builder)
    {
        builder.Property(c => c.Salt).HasMaxLength(16);
        builder.Property(c => c.Hash).HasMaxLength(32);
        builder.HasOne<PortalUser>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.UserId, c.SentAt });
        builder.HasIndex(c => new { c.AttemptId, c.SentAt });

        // Retention deletes by age.
        builder.HasIndex(c => c.SentAt);
    }
}

internal sealed class StepUpVerificationConfiguration : IEntityTypeConfiguration<StepUpVerification>
{
    public void Configure(EntityTypeBuilder<StepUpVerification> builder)
    {
        builder.HasOne<PortalUser>().WithMany().HasForeignKey(v => v.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(v => new { v.UserId, v.SignInId, v.VerifiedAt });

        // Retention deletes by age.
        builder.HasIndex(v => v.VerifiedAt);
    }
}

internal sealed class AccountLinkConfiguration : IEntityTypeConfiguration<AccountLink>
{
    public void Configure(EntityTypeBuilder<AccountLink> builder)
    {
        builder.Property(l => l.TokenHash).HasMaxLength(32);
        builder.HasOne<PortalUser>().WithMany().HasForeignKey(l => l.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(l => l.TokenHash).IsUnique();
        builder.HasIndex(l => new { l.UserId, l.Purpose });

        // Retention deletes links some days after they expired or were used.
        builder.HasIndex(l => l.ExpiresAt);
        builder.HasIndex(l => l.UsedAt).HasFilter("[UsedAt] IS NOT NULL");
    }
}
