using ConnecXPortal.Domain.Factors;

namespace ConnecXPortal.Tests.Domain.Factors;

public sealed class SignInMethodTests
{
    [Fact]
    public void OnlyPasswordAlone_IsSingleFactor() =>
        Enum.GetValues<SignInMethod>().Where(m => !m.IsMultiFactor()).Should().Equal(SignInMethod.Password);

    [Theory]
    [InlineData(FactorKind.AuthenticatorApp, SignInMethod.PasswordAndAuthenticatorApp)]
    [InlineData(FactorKind.EmailCode, SignInMethod.PasswordAndEmailCode)]
    [InlineData(FactorKind.Passkey, SignInMethod.PasswordAndPasskey)]
    public void AfterPassword_NamesTheSecondFactor(FactorKind kind, SignInMethod expected) =>
        SignInMethods.AfterPassword(kind).Should().Be(expected);

    [Fact]
    public void EveryMethodAndKind_HasADisplayName()
    {
        Enum.GetValues<SignInMethod>().Select(m => m.DisplayName()).Should().OnlyHaveUniqueItems();
        Enum.GetValues<FactorKind>().Select(k => k.DisplayName()).Should().Equal("Authenticator app", "Passkey", "Email code");
    }
}
