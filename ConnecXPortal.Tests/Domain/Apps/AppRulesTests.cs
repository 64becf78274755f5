using ConnecXPortal.Domain.Apps;
using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Domain.Sessions;

namespace ConnecXPortal.Tests.Domain.Apps;

public sealed class AppVersionsTests
{
    [Theory]
    [InlineData("3.2", "3.2.0.0")]
    [InlineData("3.2.1", "3.2.1.0")]
    [InlineData("10.0.15.7", "10.0.15.7")]
    public void TwoToFourWholeNumbers_AreVersions_WithMissingPartsAsZero(string text, string expected)
    {
        AppVersions.TryParse(text, out var version).Should().BeTrue();
        version.Should().Be(Version.Parse(expected));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("3")]
    [InlineData("3.")]
    [InlineData("3.2.1.0.9")]
    [InlineData("3.2-beta")]
    [InlineData(" 3.2")]
    [InlineData("3.-2")]
    [InlineData("v3.2")]
    [InlineData("3.9999999999")]
    public void AnythingElse_IsNotAVersion(string? text) => AppVersions.TryParse(text, out _).Should().BeFalse();

    [Theory]
    [InlineData("3.0", "3.0.0", true)]
    [InlineData("3.0.1", "3.0.0", true)]
    [InlineData("2.9.9", "3.0.0", false)]
    [InlineData("3.10", "3.9.9", true)]
    public void AVersion_IsSupported_FromTheMinimumOn(string version, string minimum, bool supported)
    {
        AppVersions.TryParse(version, out var v).Should().BeTrue();
        AppVersions.TryParse(minimum, out var m).Should().BeTrue();

        AppVersions.IsSupported(v!, m!).Should().Be(supported);
    }

    [Fact]
    public void Display_ShowsThreePartsUnlessTheFourthIsSet()
    {
        AppVersions.Display(new Version(3, 2)).Should().Be("3.2.0");
        AppVersions.Display(new Version(3, 2, 1, 4)).Should().Be("3.2.1.4");
    }
}

public sealed class RefreshTokenRulesTests
{
    private static readonly DateTimeOffset Now = new(2024, 10, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly IssuedRefreshToken Token = new("device-1", SessionClient.WhiteLabel, "Acme Living", new Version(3, 2, 0, 0), Now.AddDays(30), null);
    private static readonly PresentingApp App = new("device-1", SessionClient.WhiteLabel, "Acme Living", new Version(3, 2, 0, 0));

    [Fact]
    public void TheNewestToken_FromItsOwnInstallation_IsRotated() =>
        RefreshTokenRules.Judge(Token, App, Now).Should().Be(RefreshTokenVerdict.Rotate);

    [Fact]
    public void AUsedToken_IsReuse_WhoeverPresentsItAndHoweverOld() =>
        RefreshTokenRules.Judge(Token with { UsedAt = Now.AddMinutes(-1), ExpiresAt = Now.AddDays(-1) }, App with { DeviceId = "other" }, Now)
            .Should().Be(RefreshTokenVerdict.Reused);

    [Fact]
    public void ATokenPastItsExpiry_HasExpired() =>
        RefreshTokenRules.Judge(Token with { ExpiresAt = Now }, App, Now).Should().Be(RefreshTokenVerdict.Expired);

    [Fact]
    public void AnotherInstallation_Platform_OrBrand_IsTheWrongDevice()
    {
        RefreshTokenRules.Judge(Token, App with { DeviceId = "device-2" }, Now).Should().Be(RefreshTokenVerdict.WrongDevice);
        RefreshTokenRules.Judge(Token, App with { Client = SessionClient.Android, Brand = null }, Now).Should().Be(RefreshTokenVerdict.WrongDevice);
        RefreshTokenRules.Judge(Token, App with { Brand = "Other Living" }, Now).Should().Be(RefreshTokenVerdict.WrongDevice);
    }

    [Fact]
    public void AnUpdatedApp_KeepsItsSignIn_ButAnOlderOneDoesNot()
    {
        RefreshTokenRules.Judge(Token, App with { AppVersion = new Version(3, 3, 0, 0) }, Now).Should().Be(RefreshTokenVerdict.Rotate);
        RefreshTokenRules.Judge(Token, App with { AppVersion = new Version(3, 1, 9, 0) }, Now).Should().Be(RefreshTokenVerdict.OlderAppVersion);
    }

    [Fact]
    public void RefreshTokens_LastNinetyDays() => RefreshTokenRules.DefaultLifetime.Should().Be(TimeSpan.FromDays(90));
}

public sealed class AfterPasswordRuleTests
{
    [Theory]
    [InlineData(1, true, AfterPasswordStep.VerifySecondFactor)]
    [InlineData(2, false, AfterPasswordStep.VerifySecondFactor)]
    [InlineData(0, true, AfterPasswordStep.Enrol)]
    [InlineData(0, false, AfterPasswordStep.SignedIn)]
    public void AUserWithAFactor_IsAlwaysChallenged_AndOneWithoutEnrolsOnceMfaIsMandatory(int factors, bool mandatory, AfterPasswordStep expected) =>
        FactorRules.AfterPassword(factors, mandatory).Should().Be(expected);
}
