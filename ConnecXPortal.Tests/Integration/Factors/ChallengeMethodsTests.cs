using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Web.Features.Factors;
using ConnecXPortal.Web.Features.Factors.EmailCode;

namespace ConnecXPortal.Tests.Integration.Factors;

public sealed class ChallengeMethodsTests
{
    [Theory]
    [InlineData(FactorKind.AuthenticatorApp, ChallengeMethod.AuthenticatorApp)]
    [InlineData(FactorKind.Passkey, ChallengeMethod.Passkey)]
    [InlineData(FactorKind.EmailCode, ChallengeMethod.EmailCode)]
    public void EachFactorKind_HasItsChallengeMethod_AndBack(FactorKind kind, ChallengeMethod method)
    {
        ChallengeMethods.For(kind).Should().Be(method);
        ChallengeMethods.KindOf(method).Should().Be(kind);
    }

    [Fact]
    public void EveryFactorKind_IsMapped() =>
        Enum.GetValues<FactorKind>().Select(k => ChallengeMethods.KindOf(ChallengeMethods.For(k))).Should().Equal(Enum.GetValues<FactorKind>().Cast<FactorKind?>());

    [Fact]
    public void RecoveryCode_IsNoFactorKind_ButAlwaysOffered()
    {
        ChallengeMethods.KindOf(ChallengeMethod.RecoveryCode).Should().BeNull();
        ChallengeMethods.IsOffered(ChallengeMethod.RecoveryCode, []).Should().BeTrue();
    }

    [Fact]
    public void UnknownFactorKind_IsRefused() =>
        FluentActions.Invoking(() => ChallengeMethods.For((FactorKind)99)).Should().Throw<ArgumentOutOfRangeException>();

    [Fact]
    public void UnknownChallengeMethod_IsNoFactorKind_AndNotOffered()
    {
        ChallengeMethods.KindOf((ChallengeMethod)99).Should().BeNull();
        ChallengeMethods.IsOffered((ChallengeMethod)99, Enum.GetValues<FactorKind>()).Should().BeFalse();
    }

    [Fact]
    public void AMethod_IsOffered_OnlyWithItsFactor()
    {
        ChallengeMethods.IsOffered(ChallengeMethod.Passkey, [FactorKind.AuthenticatorApp]).Should().BeFalse();
        ChallengeMethods.IsOffered(ChallengeMethod.AuthenticatorApp, [FactorKind.AuthenticatorApp]).Should().BeTrue();
    }

    [Theory]
    [InlineData(30, "You can ask for another code in 30 seconds.")]
    [InlineData(90, "You can ask for another code in 90 seconds.")]
    [InlineData(91, "You have asked for several codes. You can ask for another in 2 minutes.")]
    [InlineData(3000, "You have asked for several codes. You can ask for another in 50 minutes.")]
    public void EmailCodeWait_IsSaidInSeconds_ThenMinutes(int seconds, string expected) =>
        EmailCodeTiming.WaitMessage(TimeSpan.FromSeconds(seconds)).Should().Be(expected);
}
