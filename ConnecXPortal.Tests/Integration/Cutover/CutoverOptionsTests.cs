using ConnecXPortal.Domain.Cutover;
using ConnecXPortal.Domain.Sessions;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Features.Cutover;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ConnecXPortal.Tests.Integration.Cutover;

public sealed class CutoverOptionsTests
{
    private static readonly CutoverOptionsValidator Validator = new();

    [Fact]
    public void Defaults_AreTheAnnouncedSchedule_InSydneyTime()
    {
        var schedule = CutoverRegistration.ToSchedule(new CutoverOptions());

        schedule.PortalCutover.Should().Be(DateTimeOffset.Parse("2024-08-21T18:00:00+10:00"));
        schedule.AppPhases.Select(p => (p.Client, p.Start, p.End)).Should().Equal(
            (SessionClient.Android, DateTimeOffset.Parse("2024-08-22T00:00:00+10:00"), DateTimeOffset.Parse("2024-08-29T00:00:00+10:00")),
            (SessionClient.Ios, DateTimeOffset.Parse("2024-08-29T00:00:00+10:00"), DateTimeOffset.Parse("2024-09-05T00:00:00+10:00")),
            (SessionClient.WhiteLabel, DateTimeOffset.Parse("2024-09-05T00:00:00+10:00"), DateTimeOffset.Parse("2024-09-11T18:00:00+10:00")));
        Validator.Validate(null, new CutoverOptions()).Succeeded.Should().BeTrue();
    }

    [Fact]
    public void Dates_AreReadInTheConfiguredTimeZone()
    {
        var schedule = CutoverRegistration.ToSchedule(new CutoverOptions { TimeZone = "Australia/Perth" });

        schedule.PortalCutover.Should().Be(DateTimeOffset.Parse("2024-08-21T18:00:00+08:00"));
    }

    [Theory]
    [InlineData(nameof(CutoverOptions.AndroidFrom), "2024-08-21T12:00:00", "Cutover:AndroidFrom (2024-08-21T12:00) must be after Cutover:PortalCutover (2024-08-21T18:00)")]
    [InlineData(nameof(CutoverOptions.IosFrom), "2024-08-22T00:00:00", "Cutover:IosFrom (2024-08-22T00:00) must be after Cutover:AndroidFrom (2024-08-22T00:00)")]
    [InlineData(nameof(CutoverOptions.WhiteLabelFrom), "2024-08-28T00:00:00", "Cutover:WhiteLabelFrom (2024-08-28T00:00) must be after Cutover:IosFrom (2024-08-29T00:00)")]
    [InlineData(nameof(CutoverOptions.AppsFinishBy), "2024-09-04T00:00:00", "Cutover:AppsFinishBy (2024-09-04T00:00) must be after Cutover:WhiteLabelFrom (2024-09-05T00:00)")]
    [InlineData(nameof(CutoverOptions.PortalCutover), "2024-10-06T02:30:00", "Cutover:PortalCutover (2024-10-06T02:30) does not exist in Australia/Sydney")]
    public void OutOfOrderOrImpossibleDates_AreRefused_NamingTheKey(string key, string value, string message)
    {
        var options = new CutoverOptions();
        typeof(CutoverOptions).GetProperty(key)!.SetValue(options, DateTime.Parse(value, System.Globalization.CultureInfo.InvariantCulture));

        var result = Validator.Validate(null, options);

        result.Failed.Should().BeTrue();
        result.Failures.Should().Contain(f => f.StartsWith(message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AScheduleOutOfOrder_StopsThePortalAtStart_NamingTheKey()
    {
        await using var app = new PortalAppFactory();
        app.WithSetting("Cutover:IosFrom", "2024-08-20T00:00:00");

        var failure = await app.StartFailureAsync();

        failure.Should().BeAssignableTo<OptionsValidationException>().Which.Message.Should().Match("*Cutover:IosFrom (2024-08-20T00:00) must be after Cutover:AndroidFrom*");
    }

    [Fact]
    public async Task ACircuitCheckOfAMinuteOrMore_StopsThePortalAtStart()
    {
        await using var app = new PortalAppFactory();
        app.WithSetting("Sessions:CircuitRevalidationInterval", "00:01:00");

        var failure = await app.StartFailureAsync();

        failure.Should().BeAssignableTo<OptionsValidationException>().Which.Message.Should().Match("*Sessions:CircuitRevalidationInterval must be between 1 and 59 seconds*");
    }

    [Fact]
    public async Task TheConfiguredSchedule_IsTheOneThePortalRuns()
    {
        await using var app = new PortalAppFactory();
        app.WithSetting("Cutover:WhiteLabelFrom", "2024-09-06T09:00:00");

        var schedule = app.Services.GetRequiredService<CutoverSchedule>();

        schedule.PhaseFor(SessionClient.WhiteLabel)!.Start.Should().Be(DateTimeOffset.Parse("2024-09-06T09:00:00+10:00"));
        schedule.PhaseFor(SessionClient.Ios)!.End.Should().Be(DateTimeOffset.Parse("2024-09-06T09:00:00+10:00"));
    }
}
