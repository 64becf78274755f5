using System.Net;
using System.Text.Json;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Features.Announcements;
using Microsoft.EntityFrameworkCore;

namespace ConnecXPortal.Tests.Integration.Observability;

/// <summary>/health/live and /health/ready on a healthy portal: anonymous, never redirected, never audited, nothing secret.</summary>
public sealed class HealthTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task Live_Is200_AndRunsNoCheck()
    {
        using var client = app.CreatePortalClient();

        var live = await client.GetAsync("/health/live");

        live.StatusCode.Should().Be(HttpStatusCode.OK, live.Html);
        var body = JsonDocument.Parse(live.Html).RootElement;
        body.GetProperty("status").GetString().Should().Be("Healthy");
        body.GetProperty("checks").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task Ready_WithTheDatabaseMigrated_AndEmailConfigured_Is200_WithEachCheckHealthy()
    {
        using var client = app.CreatePortalClient();

        var ready = await client.GetAsync("/health/ready");

        ready.StatusCode.Should().Be(HttpStatusCode.OK, ready.Html);
        ready.Message.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        ready.Message.Headers.CacheControl!.NoStore.Should().BeTrue();
        Checks(ready).Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["database"] = "Healthy",
            ["migrations"] = "Healthy",
            ["email"] = "Healthy",
        });
    }

    [Fact]
    public async Task Health_WithAHalfFinishedSignIn_IsNotSentToTheSecondFactor()
    {
        var (email, _) = await app.CreateEnrolledResidentAsync();
        using var client = app.CreatePortalClient();
        (await client.SubmitPasswordAsync(email, DemoAccounts.Password)).Location!.AbsolutePath.Should().Be("/account/verify");

        foreach (var path in new[] { "/health/live", "/health/ready" })
        {
            var response = await client.GetAsync(path);
            response.StatusCode.Should().Be(HttpStatusCode.OK, path);
            response.IsRedirect.Should().BeFalse();
        }

        (await client.GetAsync("/")).Location!.AbsolutePath.Should().Be("/account/verify", "every other page still is");
    }

    [Fact]
    public async Task Health_Anonymous_IsNeverRedirectedToSignIn_AndLeavesNoAuditEvent()
    {
        using var client = app.CreatePortalClient();
        var before = await AuditCountAsync();

        for (var i = 0; i < 20; i++)
        {
            var response = await client.GetAsync(i % 2 == 0 ? "/health/ready" : "/health/live");
            response.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        (await AuditCountAsync()).Should().Be(before);
        (await client.GetAsync("/")).Location!.AbsolutePath.Should().Be("/account/sign-in", "the pages themselves still need a sign-in");
    }

    [Fact]
    public async Task Ready_ShowsNoConnectionString_NoPath_AndNoKey()
    {
        using var client = app.CreatePortalClient();

        var ready = await client.GetAsync("/health/ready");

        ready.Html.Should().NotContain("Data Source").And.NotContain(app.DatabasePath).And.NotContain("portal.db")
            .And.NotContain("Exception").And.NotContain("ApiKey");
    }

    internal static Dictionary<string, string> Checks(PortalResponse response) =>
        JsonDocument.Parse(response.Html).RootElement.GetProperty("checks").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("status").GetString()!);

    private async Task<int> AuditCountAsync()
    {
        await using var db = app.CreateDbContext();
        return await db.AuditEvents.CountAsync();
    }
}

/// <summary>/health/ready answers 503 for each way the portal is not ready, while /health/live stays 200.</summary>
public sealed class HealthFailureTests
{
    [Fact]
    public async Task Ready_WithAMigrationNotApplied_Is503_WhileLiveIs200()
    {
        await using var owned = await OwnedApp<PortalAppFactory>.StartAsync(new PortalAppFactory());
        var app = owned.App;
        await using (var db = app.CreateDbContext())
        {
            var last = (await db.Database.GetAppliedMigrationsAsync()).Last();
            await db.Database.ExecuteSqlAsync($"DELETE FROM __EFMigrationsHistory WHERE MigrationId = {last}");
        }

        using var client = app.CreatePortalClient();
        var ready = await client.GetAsync("/health/ready");

        ready.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, ready.Html);
        HealthTests.Checks(ready).Should().Contain("migrations", "Unhealthy").And.Contain("database", "Healthy").And.Contain("email", "Healthy");
        ready.Html.Should().Contain("1 migrations are not applied yet.");
        (await client.GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Ready_WhenTheDatabaseCannotBeOpened_Is503_WithoutThePathOrTheError()
    {
        // The announcement sender's start-up query does not survive a missing database (it stops the host), which
        // would hide what this test is about.
        var withoutAnnouncements = new PortalAppFactory().WithServices(services =>
        {
            foreach (var job in services.Where(d => d.ImplementationType == typeof(AnnouncementSender)).ToList())
            {
                services.Remove(job);
            }
        });
        await using var owned = await OwnedApp<PortalAppFactory>.StartAsync(withoutAnnouncements);
        var app = owned.App;
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Move(app.DatabasePath, app.DatabasePath + ".moved");
        Directory.CreateDirectory(app.DatabasePath);

        using var client = app.CreatePortalClient();
        var ready = await client.GetAsync("/health/ready");

        ready.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, ready.Html);
        HealthTests.Checks(ready).Should().Contain("database", "Unhealthy").And.Contain("migrations", "Unhealthy");
        ready.Html.Should().NotContain(app.DatabasePath).And.NotContain("SQLite").And.NotContain("Exception").And.NotContain("unable to open");
        (await client.GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Ready_WithTheOutboxOutsideDevelopment_Is503_BecauseNoEmailWouldArrive()
    {
        var staging = new PortalAppFactory { EnvironmentName = "Staging" };
        await using var owned = await OwnedApp<PortalAppFactory>.StartAsync(staging);
        using var client = owned.App.CreatePortalClient();

        var ready = await client.GetAsync("/health/ready");

        ready.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, ready.Html);
        HealthTests.Checks(ready).Should().Contain("email", "Unhealthy").And.Contain("database", "Healthy").And.Contain("migrations", "Healthy");
        ready.Html.Should().Contain("Email:Provider is Outbox");
        (await client.GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Ready_WithSendGridConfigured_IsHealthy_WithoutCallingSendGrid_AndNeverShowsTheKey()
    {
        const string key = "SG.health-test-key-do-not-show";
        var app = new PortalAppFactory()
            .WithSetting("Email:Provider", "SendGrid")
            .WithSetting("Email:SendGrid:ApiKey", key)
            .WithSetting("Email:SendGrid:Host", "http://127.0.0.1:9");
        await using var owned = await OwnedApp<PortalAppFactory>.StartAsync(app);
        using var client = owned.App.CreatePortalClient();

        var ready = await client.GetAsync("/health/ready");

        ready.StatusCode.Should().Be(HttpStatusCode.OK, "SendGrid being unreachable (nothing listens on port 9) does not make the portal unready");
        HealthTests.Checks(ready).Should().Contain("email", "Healthy");
        ready.Html.Should().NotContain(key);
    }
}
