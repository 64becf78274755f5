using System.Net;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Features.Passwords;

namespace ConnecXPortal.Tests.Integration.Observability;

/// <summary>Every way a request is refused by a limit is counted by policy and scope; failed emails are counted by kind.</summary>
public sealed class RateLimitAndEmailMetricsTests(ThrottledPortalAppFactory app) : IClassFixture<ThrottledPortalAppFactory>
{
    private const string Rejections = "connecx.rate_limit.rejections";
    private const string Emails = "connecx.emails";

    [Fact]
    public async Task AppRefresh_BeyondTheAddressLimit_CountsARejectionOfTheAddressPolicy()
    {
        using var meters = new PortalMeters(app).Watch(Rejections);
        using var client = AppClientFrom(ThrottledPortalAppFactory.NextAddress());
        for (var i = 0; i < 3; i++)
        {
            await client.RefreshAsync("not-a-refresh-token");
        }

        (await client.RefreshAsync("not-a-refresh-token")).Status.Should().Be(HttpStatusCode.TooManyRequests);

        meters.Sum(Rejections, ("policy", "app_refresh"), ("scope", "address")).Should().Be(1);
        meters.Sum(Rejections).Should().Be(1);
    }

    [Fact]
    public async Task PortalSignIn_BeyondTheAccountLimit_CountsARejectionPerRefusedAttempt()
    {
        using var meters = new PortalMeters(app).Watch(Rejections);
        var email = (await app.CreateResidentAsync()).Email!;
        for (var i = 0; i < 5; i++)
        {
            using var client = app.CreatePortalClientFrom(ThrottledPortalAppFactory.NextAddress());
            await client.SubmitPasswordAsync(email, "not the password at all");
        }

        meters.Sum(Rejections, ("policy", "sign_in"), ("scope", "account")).Should().Be(2);
    }

    [Fact]
    public async Task AppSignIn_BeyondTheAddressLimit_CountsTheRateLimiterPolicysRejection()
    {
        using var meters = new PortalMeters(app).Watch(Rejections);
        using var client = AppClientFrom(ThrottledPortalAppFactory.NextAddress());
        for (var i = 0; i < 5; i++)
        {
            await client.SignInAsync($"stuffing-{Guid.NewGuid():N}@tests.example.com", "not the password at all");
        }

        (await client.SignInAsync($"stuffing-{Guid.NewGuid():N}@tests.example.com", "x")).Status.Should().Be(HttpStatusCode.TooManyRequests);

        meters.Sum(Rejections, ("policy", "sign_in"), ("scope", "address")).Should().Be(1);
    }

    [Fact]
    public async Task ResetEmails_BeyondTheRecipientLimit_CountASharedLimitRejection()
    {
        using var meters = new PortalMeters(app).Watch(Rejections, Emails);
        var email = (await app.CreateResidentAsync()).Email!;
        for (var i = 0; i < 4; i++)
        {
            await ForgotPasswordFromAsync(ThrottledPortalAppFactory.NextAddress(), email);
        }

        await app.WaitForBackgroundEmailsAsync();

        await meters.ShouldReachAsync(1, Rejections, ("policy", "account-email"), ("scope", "shared"));
        await meters.ShouldReachAsync(3, Emails, ("kind", PasswordResets.Template), ("outcome", "sent"));
    }

    [Fact]
    public async Task AnEmailTheProviderRefuses_IsCountedAsFailed_ByKind()
    {
        using var meters = new PortalMeters(app).Watch(Emails);
        var email = (await app.CreateResidentAsync()).Email!;
        app.Faults.Fail(email);

        await ForgotPasswordFromAsync(ThrottledPortalAppFactory.NextAddress(), email);
        await app.WaitForBackgroundEmailsAsync();

        await meters.ShouldReachAsync(1, Emails, ("kind", PasswordResets.Template), ("outcome", "failed"));
        meters.Sum(Emails, ("outcome", "sent")).Should().Be(0);
    }

    private async Task ForgotPasswordFromAsync(string address, string email)
    {
        using var client = app.CreatePortalClientFrom(address);
        var page = await client.GetAsync("/account/forgot-password");
        (await client.SubmitAsync(page, "forgot-password", new Dictionary<string, string> { ["Input.Email"] = email }))
            .StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private AppApiClient AppClientFrom(string address)
    {
        var client = app.CreateAppClient();
        client.Http.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return client;
    }
}
