using System.Net;
using ConnecXPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ConnecXPortal.Tests.Integration.Data;

public sealed class DataProtectionTests
{
    [Fact]
    public async Task ASecondInstanceOnTheSameDatabase_AcceptsTheFirstInstancesSignInCookie()
    {
        // Before the cutover the demo resident (who has no factor) signs in with the password alone.
        await using var first = new BeforeCutoverPortalAppFactory();
        using var firstClient = first.CreatePortalClient();
        await firstClient.SubmitPasswordAsync(DemoAccounts.Resident, DemoAccounts.Password);
        (await firstClient.GetAsync("/")).StatusCode.Should().Be(HttpStatusCode.OK);

        await using var second = new BeforeCutoverPortalAppFactory();
        second.WithSetting("ConnectionStrings:Portal", $"Data Source={first.DatabasePath}");
        using var secondClient = second.CreatePortalClient(firstClient.Cookies);

        var home = await secondClient.GetAsync("/");

        home.StatusCode.Should().Be(HttpStatusCode.OK);
        home.Heading.Should().Be("Welcome, Olivia");
        await using var db = first.CreateDbContext();
        (await db.DataProtectionKeys.CountAsync()).Should().Be(1);
    }
}
