using System.Net;
using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ConnecXPortal.Tests.Integration.Throttling;

/// <summary>Without configured proxies (the default) X-Forwarded-For is ignored: a client cannot pick the address it is limited by.</summary>
public sealed class UnknownProxyThrottleTests(UnknownProxyThrottleTests.Factory app) : IClassFixture<UnknownProxyThrottleTests.Factory>
{
    [Fact]
    public async Task XForwardedFor_FromAProxyThatIsNotConfigured_IsIgnored()
    {
        for (var i = 0; i < 2; i++)
        {
            (await SignInFromAsync($"198.51.100.{i + 1}", $"spoof-{Guid.NewGuid():N}@tests.example.com")).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var refused = await SignInFromAsync("198.51.100.99", $"spoof-{Guid.NewGuid():N}@tests.example.com");

        PortalThrottleTests.ShouldBeRefused(refused, "30 minutes");
        await using var db = app.CreateDbContext();
        (await db.AuditEvents.Where(e => e.Type == AuditEventTypes.SignInFailed && e.SubjectEmail!.StartsWith("spoof-")).Select(e => e.IpAddress).Distinct().ToListAsync())
            .Should().Equal("127.0.0.1");
    }

    private async Task<PortalResponse> SignInFromAsync(string claimedAddress, string email)
    {
        using var client = app.CreatePortalClient();
        client.Http.DefaultRequestHeaders.Add("X-Forwarded-For", claimedAddress);
        return await client.SubmitPasswordAsync(email, "not the password at all");
    }

    public sealed class Factory : PortalAppFactory
    {
        public Factory()
        {
            WithSetting("RateLimits:SignIn:PerAddress", "2");
            WithSetting("RateLimits:SignIn:Window", "01:00:00");
        }
    }
}
