using ConnecXPortal.Domain.People;

namespace ConnecXPortal.Tests.Domain.People;

public sealed class AccountStatusRulesTests
{
    [Theory]
    [InlineData(false, 0, AccountStatus.Invited)]
    [InlineData(true, 0, AccountStatus.ActivatedWithoutFactor)]
    [InlineData(true, 1, AccountStatus.Enrolled)]
    [InlineData(true, 3, AccountStatus.Enrolled)]
    public void From_ActivationAndFactorCount_GivesTheStatus(bool activated, int factors, AccountStatus expected) =>
        AccountStatusRules.From(activated, factors).Should().Be(expected);

    [Fact]
    public void From_NegativeFactorCount_IsRejected()
    {
        var act = () => AccountStatusRules.From(true, -1);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void EveryStatus_HasADisplayName() =>
        Enum.GetValues<AccountStatus>().Select(s => s.DisplayName()).Should().OnlyHaveUniqueItems().And.NotContain(string.Empty);
}
