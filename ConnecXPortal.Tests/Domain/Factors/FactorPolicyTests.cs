using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Domain.Security;

namespace ConnecXPortal.Tests.Domain.Factors;

public sealed class TotpPolicyTests
{
    private static readonly DateTimeOffset Now = new(2024, 10, 1, 9, 0, 15, TimeSpan.Zero);

    [Fact]
    public void Codes_HaveSixDigits_AndAThirtySecondStep()
    {
        TotpPolicy.Digits.Should().Be(6);
        TotpPolicy.Step.Should().Be(TimeSpan.FromSeconds(30));
        TotpPolicy.StepAt(Now).Should().Be(Now.ToUnixTimeSeconds() / 30);
        TotpPolicy.StepStart(TotpPolicy.StepAt(Now)).Should().Be(new DateTimeOffset(2024, 10, 1, 9, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void StepsToTry_AreTheCurrentStep_AndOneEitherSide()
    {
        var current = TotpPolicy.StepAt(Now);

        TotpPolicy.StepsToTry(Now).Should().Equal(current, current - 1, current + 1);
    }

    [Theory]
    [InlineData(100, null, true)]
    [InlineData(101, 100L, true)]
    [InlineData(100, 100L, false)]
    [InlineData(99, 100L, false)]
    public void AStep_IsAcceptedOnlyOnce_AndNeverBeforeALaterOne(long matched, long? last, bool fresh) =>
        TotpPolicy.IsFresh(matched, last).Should().Be(fresh);

    [Theory]
    [InlineData("123456", true)]
    [InlineData("123 456", true)]
    [InlineData("12345", false)]
    [InlineData("12345a", false)]
    [InlineData(null, false)]
    public void IsWellFormed_AcceptsSixDigits(string? input, bool expected) => TotpPolicy.IsWellFormed(input).Should().Be(expected);
}

public sealed class EmailCodePolicyTests
{
    private static readonly DateTimeOffset Now = new(2024, 10, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void FirstCode_CanBeSentAtOnce() => EmailCodePolicy.WaitBeforeSending(Now, []).Should().BeNull();

    [Fact]
    public void AnotherCode_WaitsSixtySecondsAfterTheLast()
    {
        EmailCodePolicy.WaitBeforeSending(Now, [Now.AddSeconds(-20)]).Should().Be(TimeSpan.FromSeconds(40));
        EmailCodePolicy.WaitBeforeSending(Now, [Now.AddSeconds(-60)]).Should().BeNull();
    }

    [Fact]
    public void AtMostFiveCodes_AreSentAnHour()
    {
        var sends = Enumerable.Range(1, 5).Select(i => Now.AddMinutes(-10 * i)).ToList();

        EmailCodePolicy.WaitBeforeSending(Now, sends).Should().Be(TimeSpan.FromMinutes(10));
        EmailCodePolicy.WaitBeforeSending(Now.AddMinutes(10), sends).Should().BeNull();
    }

    [Fact]
    public void ACode_IsUsableForTenMinutes_Once_AndUntilFiveWrongEntries()
    {
        EmailCodePolicy.IsUsable(Now, Now.AddMinutes(9).AddSeconds(59), 0, used: false).Should().BeTrue();
        EmailCodePolicy.IsUsable(Now, Now.AddMinutes(10), 0, used: false).Should().BeFalse();
        EmailCodePolicy.IsUsable(Now, Now, 4, used: false).Should().BeTrue();
        EmailCodePolicy.IsUsable(Now, Now, 5, used: false).Should().BeFalse();
        EmailCodePolicy.IsUsable(Now, Now, 0, used: true).Should().BeFalse();
    }

    [Theory]
    [InlineData(0, "000000")]
    [InlineData(42, "000042")]
    [InlineData(999999, "999999")]
    public void Format_AlwaysGivesSixDigits(int number, string code) => EmailCodePolicy.Format(number).Should().Be(code);

    [Fact]
    public void Format_RefusesNumbersOutOfRange() =>
        FluentActions.Invoking(() => EmailCodePolicy.Format(1_000_000)).Should().Throw<ArgumentOutOfRangeException>();
}

public sealed class RecoveryCodePolicyTests
{
    [Fact]
    public void TenCodes_OfTenCharacters_FromAnAlphabetWithoutLookAlikes()
    {
        RecoveryCodePolicy.Count.Should().Be(10);
        RecoveryCodePolicy.Length.Should().BeGreaterThanOrEqualTo(10);
        RecoveryCodePolicy.Alphabet.Should().NotContainAny("0", "O", "1", "I", "L", "5", "S", "2", "Z", "8", "B");
        RecoveryCodePolicy.Alphabet.Distinct().Should().HaveCount(RecoveryCodePolicy.Alphabet.Length);
    }

    [Fact]
    public void Display_GroupsTheCodeInFives() => RecoveryCodePolicy.Display("ACDEFGHJKM").Should().Be("ACDEF-GHJKM");

    [Theory]
    [InlineData("acdef-ghjkm", "ACDEFGHJKM")]
    [InlineData(" ACDEF GHJKM ", "ACDEFGHJKM")]
    [InlineData("ACDEF-GHJK", null)]
    [InlineData("ACDEF-GHJK0", null)]
    [InlineData(null, null)]
    public void Normalize_AcceptsWhatPeopleType_AndRejectsImpossibleCodes(string? input, string? expected) =>
        RecoveryCodePolicy.Normalize(input).Should().Be(expected);
}

public sealed class PasswordPolicyTests
{
    [Theory]
    [InlineData("short pass1", PasswordProblem.TooShort)]
    [InlineData("", PasswordProblem.TooShort)]
    public void ShortPasswords_AreRefused(string password, PasswordProblem problem) =>
        PasswordPolicy.Check(password, isCommon: false).Should().Equal(problem);

    [Fact]
    public void TwelveToOneHundredAndTwentyEightCharacters_OfAnyKind_AreAccepted()
    {
        PasswordPolicy.Check("all lowercase", isCommon: false).Should().BeEmpty();
        PasswordPolicy.Check(new string('x', 128), isCommon: false).Should().BeEmpty();
        PasswordPolicy.Check("🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂", isCommon: false).Should().BeEmpty("an emoji is one character");
    }

    [Fact]
    public void LongerThan128_IsRefused() =>
        PasswordPolicy.Check(new string('x', 129), isCommon: false).Should().Equal(PasswordProblem.TooLong);

    [Fact]
    public void CommonPasswords_AreRefused() =>
        PasswordPolicy.Check("qwerty123456", isCommon: true).Should().Equal(PasswordProblem.Common);

    [Fact]
    public void EveryProblem_HasASentence() =>
        Enum.GetValues<PasswordProblem>().Select(p => p.Describe()).Should().OnlyContain(s => s.Length > 10);
}

public sealed class FactorRulesTests
{
    [Theory]
    [InlineData(2, true, true)]
    [InlineData(1, true, false)]
    [InlineData(1, false, true)]
    [InlineData(0, false, false)]
    public void TheLastFactor_CannotBeRemoved_WhileMfaIsMandatory(int count, bool mandatory, bool allowed) =>
        FactorRules.CanRemove(count, mandatory).Should().Be(allowed);

    [Theory]
    [InlineData(0, FactorKind.AuthenticatorApp, false, true)]
    [InlineData(0, FactorKind.Passkey, false, true)]
    [InlineData(0, FactorKind.EmailCode, false, false)]
    [InlineData(0, FactorKind.AuthenticatorApp, true, false)]
    [InlineData(1, FactorKind.Passkey, false, false)]
    public void TheFirstAuthenticatorAppOrPasskey_NeedsTheMailboxProved(int factors, FactorKind kind, bool proved, bool needed) =>
        FactorRules.NeedsMailboxProof(factors, kind, proved).Should().Be(needed);

    [Fact]
    public void AnEnrolmentAttempt_IsVoid_OnceTheAccountHasAFactorItDidNotAdd()
    {
        Guid mine = Guid.NewGuid(), theirs = Guid.NewGuid();

        FactorRules.IsAttemptVoid([], []).Should().BeFalse();
        FactorRules.IsAttemptVoid([mine], [mine]).Should().BeFalse();
        FactorRules.IsAttemptVoid([theirs], []).Should().BeTrue();
        FactorRules.IsAttemptVoid([mine, theirs], [mine]).Should().BeTrue();
    }

    [Fact]
    public void OnlyPasskeys_MayBeEnrolledSeveralTimes()
    {
        FactorRules.AllowsSeveral(FactorKind.Passkey).Should().BeTrue();
        FactorRules.AllowsSeveral(FactorKind.AuthenticatorApp).Should().BeFalse();
        FactorRules.AllowsSeveral(FactorKind.EmailCode).Should().BeFalse();
    }

    [Fact]
    public void RecoveryCodes_AreIssuedWithTheFirstFactorOnly()
    {
        FactorRules.IssuesRecoveryCodes(0).Should().BeTrue();
        FactorRules.IssuesRecoveryCodes(1).Should().BeFalse();
    }
}

public sealed class SecurityTimingsTests
{
    private static readonly DateTimeOffset Start = new(2024, 10, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Timings_AreThoseOfTheIssue()
    {
        SecurityTimings.PendingSignIn.Should().Be(TimeSpan.FromMinutes(15));
        SecurityTimings.StepUp.Should().Be(TimeSpan.FromMinutes(5));
        SecurityTimings.ActivationLink.Should().Be(TimeSpan.FromDays(7));
        SecurityTimings.PasswordResetLink.Should().Be(TimeSpan.FromHours(1));
    }

    [Fact]
    public void IsWithin_EndsExactlyAtTheLifetime()
    {
        SecurityTimings.IsWithin(Start, TimeSpan.FromMinutes(5), Start.AddMinutes(5).AddTicks(-1)).Should().BeTrue();
        SecurityTimings.IsWithin(Start, TimeSpan.FromMinutes(5), Start.AddMinutes(5)).Should().BeFalse();
        SecurityTimings.IsWithin(Start, TimeSpan.FromMinutes(5), Start.AddSeconds(-1)).Should().BeFalse();
    }
}
