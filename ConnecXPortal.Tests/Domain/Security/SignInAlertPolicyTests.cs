using ConnecXPortal.Domain.Security;

namespace ConnecXPortal.Tests.Domain.Security;

public sealed class SignInAlertPolicyTests
{
    private static readonly DateTimeOffset Now = new(2024, 10, 1, 9, 0, 0, TimeSpan.FromHours(10));

    [Fact]
    public void ACount_RunsForADayFromItsFirstFailure()
    {
        SignInAlertPolicy.CountRuns(null, Now).Should().BeFalse();
        SignInAlertPolicy.CountRuns(Now.AddHours(-23), Now).Should().BeTrue();
        SignInAlertPolicy.CountRuns(Now.AddHours(-24), Now).Should().BeFalse();
    }

    [Fact]
    public void TheAlert_IsDueAtThreeFailures_AtMostOnceADay()
    {
        SignInAlertPolicy.IsDue(2, Now, lastAlert: null).Should().BeFalse();
        SignInAlertPolicy.IsDue(3, Now, lastAlert: null).Should().BeTrue();
        SignInAlertPolicy.IsDue(3, Now, lastAlert: Now.AddHours(-23)).Should().BeFalse();
        SignInAlertPolicy.IsDue(3, Now, lastAlert: Now.AddHours(-24)).Should().BeTrue();
    }
}
