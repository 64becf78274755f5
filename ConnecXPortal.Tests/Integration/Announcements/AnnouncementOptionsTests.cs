using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Features.Announcements;
using Microsoft.Extensions.Options;

namespace ConnecXPortal.Tests.Integration.Announcements;

public sealed class AnnouncementOptionsTests
{
    [Theory]
    [InlineData("Announcements:BatchSize", "1001", "*Announcements:BatchSize must be between 1 and 1000*")]
    [InlineData("Announcements:MaxAttempts", "0", "*Announcements:MaxAttempts must be between 1 and 20*")]
    [InlineData("Announcements:InitialRetryDelay", "00:00:00", "*Announcements:InitialRetryDelay must be positive*")]
    [InlineData("Announcements:MaxRetryDelay", "00:00:01", "*Announcements:MaxRetryDelay must be at least Announcements:InitialRetryDelay*")]
    public async Task BadAnnouncementSettings_RefuseToStart_NamingTheKey(string key, string value, string message)
    {
        await using var app = new PortalAppFactory();
        app.WithSetting(key, value);

        var failure = await app.StartFailureAsync();

        failure.Should().BeAssignableTo<OptionsValidationException>().Which.Message.Should().Match(message);
    }

    [Fact]
    public void Backoff_DoublesFromTheInitialDelay_UpToTheCap()
    {
        var options = new AnnouncementOptions { InitialRetryDelay = TimeSpan.FromSeconds(5), MaxRetryDelay = TimeSpan.FromSeconds(30) };

        Enumerable.Range(1, 5).Select(options.Backoff).Should().Equal(
            TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30));
    }
}
