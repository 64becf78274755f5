using System.Data.Common;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ConnecXPortal.Tests.Integration.Data;

/// <summary>How the portal's SQLite connections are set up.</summary>
public sealed class SqliteConnectionTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task EveryConnection_LetsSqliteWaitForAnotherWriter_InsteadOfFailingBusyAtOnce()
    {
        // However the portal gets its context: from the factory (pages, jobs) or from a request's services.
        await using var fromFactory = app.CreateDbContext();
        var fromScope = await app.WithScopeAsync(async services =>
        {
            var db = services.GetRequiredService<PortalDbContext>();
            await db.Database.OpenConnectionAsync();
            return await BusyTimeoutAsync(db.Database.GetDbConnection());
        });

        await fromFactory.Database.OpenConnectionAsync();
        (await BusyTimeoutAsync(fromFactory.Database.GetDbConnection())).Should().Be(5_000);
        fromScope.Should().Be(5_000);
    }

    private static async Task<long> BusyTimeoutAsync(DbConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout;";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
