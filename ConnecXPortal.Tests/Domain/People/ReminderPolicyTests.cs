using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Domain.People;

namespace ConnecXPortal.Tests.Domain.People;

public sealed class ReminderPolicyTests
{
    private static readonly DateTimeOffset Now = new(2024, 10, 1, 9, 0, 0, TimeSpan.FromHours(10));

    [Theory]
    [InlineData(AccountStatus.Invited)]
    [InlineData(AccountStatus.ActivatedWithoutFactor)]
    public void NotYetEnrolled_NeverReminded_IsSent(AccountStatus status) =>
        ReminderPolicy.Decide(status, lastSentAt: null, Now).Sends.Should().BeTrue();

    [Fact]
    public void Enrolled_IsSkipped() =>
        ReminderPolicy.Decide(AccountStatus.Enrolled, lastSentAt: null, Now).Skip.Should().Be(ReminderSkipReason.AlreadyEnrolled);

    [Fact]
    public void RemindedLessThanADayAgo_IsSkipped_UntilADayAfterTheLastReminder()
    {
        var last = Now.AddHours(-23).AddMinutes(-59);

        var decision = ReminderPolicy.Decide(AccountStatus.ActivatedWithoutFactor, last, Now);

        decision.Skip.Should().Be(ReminderSkipReason.RemindedRecently);
        decision.NextAllowedAt.Should().Be(last.AddHours(24));
    }

    [Fact]
    public void RemindedExactlyADayAgo_IsSentAgain() =>
        ReminderPolicy.Decide(AccountStatus.Invited, Now.AddHours(-24), Now).Sends.Should().BeTrue();
}

public sealed class AuditEventDescriptionsTests
{
    [Fact]
    public void EveryEventType_IsEitherDescribedForTheAccountOwner_OrStaffOnly()
    {
        var types = typeof(AuditEventTypes).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();

        types.Except(AuditEventDescriptions.OwnerVisibleTypes).Except(AuditEventDescriptions.StaffOnlyTypes)
            .Should().BeEmpty("a new event type needs plain words for the security page, or to be marked staff-only");
        AuditEventDescriptions.OwnerVisibleTypes.Intersect(AuditEventDescriptions.StaffOnlyTypes).Should().BeEmpty();
    }

    [Fact]
    public void SupportRemovingAMethod_ReadsDifferently_FromTheOwnerRemovingIt()
    {
        AuditEventDescriptions.ForAccountOwner(AuditEventTypes.FactorRemoved).Should().Be("A sign-in method was removed");
        AuditEventDescriptions.ForAccountOwner(AuditEventTypes.FactorRemoved, bySomeoneElse: true).Should().Be("connecX support removed a sign-in method");
        AuditEventDescriptions.ForAccountOwner(AuditEventTypes.ResidentsExported).Should().BeNull();
    }
}
