using ConnecXPortal.Domain.Retention;

namespace ConnecXPortal.Tests.Domain.Retention;

public sealed class RetentionLimitsTests
{
    [Fact]
    public void ARowIsDue_WhenItsTimeIsBeforeNowMinusThePeriod()
    {
        var now = new DateTimeOffset(2024, 10, 1, 9, 0, 0, TimeSpan.Zero);

        RetentionLimits.Cutoff(now, TimeSpan.FromDays(90)).Should().Be(new DateTimeOffset(2024, 7, 3, 9, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void ABatch_StaysBelowSqlServersLockEscalationThreshold()
    {
        // SQL Server escalates at about 5,000 locks held by one statement on one table.
        RetentionLimits.MaxBatchSize.Should().BeLessThan(5000);
        RetentionLimits.MinimumAuditRetention.Should().Be(TimeSpan.FromDays(90));
    }
}
