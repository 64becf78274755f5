using ConnecXPortal.Domain.Retention;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Features.Retention;
using Microsoft.Extensions.Options;

namespace ConnecXPortal.Tests.Integration.Retention;

public sealed class RetentionOptionsTests
{
    private static readonly RetentionOptionsValidator Validator = new();

    [Fact]
    public void Defaults_AreValid_AndKeepTheAuditLogForEver()
    {
        var options = new RetentionOptions();

        Validator.Validate(null, options).Succeeded.Should().BeTrue();
        options.Sessions.Should().Be(TimeSpan.FromDays(90));
        options.Links.Should().Be(TimeSpan.FromDays(7));
        options.EmailCodes.Should().Be(TimeSpan.FromDays(7));
        options.Tickets.Should().Be(TimeSpan.FromDays(7));
        options.Outbox.Should().Be(TimeSpan.FromDays(30));
        options.Audit.Should().BeNull();
        options.BatchSize.Should().Be(500);
    }

    [Theory]
    [InlineData("89.00:00:00", false)]
    [InlineData("90.00:00:00", true)]
    [InlineData("2555.00:00:00", true)]
    public void AuditRetention_MustBeAtLeastNinetyDays(string value, bool valid)
    {
        var result = Validator.Validate(null, new RetentionOptions { Audit = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture) });

        result.Succeeded.Should().Be(valid);
        if (!valid)
        {
            result.Failures.Should().ContainSingle().Which.Should().StartWith("Retention:Audit must be empty (keep the audit log for ever) or at least 90 days; it is 89.00:00:00.");
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(RetentionLimits.MaxBatchSize + 1)]
    public void ABatchSizeOutOfRange_IsRefused_NamingTheKey(int size)
    {
        var result = Validator.Validate(null, new RetentionOptions { BatchSize = size });

        result.Failures.Should().ContainSingle().Which.Should().StartWith($"Retention:BatchSize must be between 1 and {RetentionLimits.MaxBatchSize}; it is {size}.");
    }

    [Fact]
    public void PeriodsOutOfRange_AreRefused_NamingEachKey()
    {
        var result = Validator.Validate(null, new RetentionOptions
        {
            Sessions = TimeSpan.FromDays(1),
            Links = TimeSpan.Zero,
            Interval = TimeSpan.FromSeconds(5),
            PauseBetweenBatches = TimeSpan.FromMinutes(1),
        });

        result.Failures.Should().HaveCount(4).And.Contain(
        [
            "Retention:Interval must be between 00:01:00 and 1.00:00:00; it is 00:00:05 (how often the job runs).",
            "Retention:Sessions must be between 7.00:00:00 and 3650.00:00:00; it is 1.00:00:00 (ended sessions are shown on Devices and sessions and to support, and a replayed refresh token is recognised while its session is kept).",
            "Retention:Links must be between 1.00:00:00 and 3650.00:00:00; it is 00:00:00 (support can tell a used or expired link from an unknown one).",
            "Retention:PauseBetweenBatches must be between 00:00:00 and 00:00:10; it is 00:01:00 (the pause lets sign-ins write between batches).",
        ]);
    }

    [Fact]
    public async Task ABadValue_StopsThePortalAtStart_NamingTheKey()
    {
        await using var app = new PortalAppFactory();
        app.WithSetting("Retention:Audit", "30.00:00:00");

        var failure = await app.StartFailureAsync();

        failure.Should().BeAssignableTo<OptionsValidationException>().Which.Message.Should().Contain("Retention:Audit must be empty");
    }
}
