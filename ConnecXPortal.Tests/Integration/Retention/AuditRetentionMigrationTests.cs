using ConnecXPortal.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace ConnecXPortal.Tests.Integration.Retention;

/// <summary>The SQL Server side of the audit log's retention, checked in the migration script (no server needed).</summary>
public sealed class AuditRetentionMigrationTests
{
    private static string Script(string? from = null, string? to = null)
    {
        using var db = new SqlServerPortalDbContext(DesignTimeModel.Options<SqlServerPortalDbContext>(o => o.UseSqlServer("Server=unused;Database=ConnecXPortal")));
        return db.GetService<IMigrator>().GenerateScript(from, to, MigrationsSqlGenerationOptions.Idempotent);
    }

    [Fact]
    public void TheTrigger_AllowsDeletesOnlyUnderThePurgesSessionContext_AndNeverOfEventsYoungerThanNinetyDays()
    {
        var script = Script();

        script.Should().Contain("EXEC(N'CREATE TRIGGER [TR_AuditEvents_AppendOnly] ON [AuditEvents] INSTEAD OF UPDATE, DELETE AS")
            .And.Contain("IF EXISTS (SELECT 1 FROM inserted)")
            .And.Contain("ISNULL(CAST(SESSION_CONTEXT(N''audit_retention'') AS int), 0) <> 1")
            .And.Contain("EXISTS (SELECT 1 FROM deleted WHERE [At] >= DATEADD(day, -90, SYSDATETIMEOFFSET()))");
        script.Should().Contain("EXEC(N'CREATE PROCEDURE [dbo].[PurgeAuditEvents] @Cutoff datetimeoffset, @BatchSize int, @Deleted int OUTPUT AS")
            .And.Contain("EXEC sp_set_session_context @key = N''audit_retention'', @value = 1;")
            .And.Contain("IF @Cutoff > DATEADD(day, -90, SYSDATETIMEOFFSET())");
    }

    [Fact]
    public void Down_DropsTheProcedureAndTheTrigger()
    {
        using var db = new SqlServerPortalDbContext(DesignTimeModel.Options<SqlServerPortalDbContext>(o => o.UseSqlServer("Server=unused;Database=ConnecXPortal")));
        var initial = db.Database.GetMigrations().Single();

        var down = Script(initial, Migration.InitialDatabase);

        down.Should().Contain("DROP PROCEDURE IF EXISTS [dbo].[PurgeAuditEvents];")
            .And.Contain("DROP TRIGGER IF EXISTS [TR_AuditEvents_AppendOnly];");
    }
}

/// <summary>The SQLite side: the migration's Down leaves neither the triggers nor the grants table behind.</summary>
public sealed class SqliteAuditRetentionMigrationTests
{
    [Fact]
    public async Task Down_DropsTheTriggersAndTheGrantsTable()
    {
        var path = Path.Combine(Path.GetTempPath(), $"connecx-migrate-{Guid.NewGuid():N}.db");
        try
        {
            await using var db = new SqlitePortalDbContext(DesignTimeModel.Options<SqlitePortalDbContext>(o => o.UseSqlite($"Data Source={path}")));
            await db.Database.MigrateAsync();
            (await HandWrittenObjectsAsync(db)).Should().Be(3, "InitialCreate adds two triggers and the grants table");

            await db.GetService<IMigrator>().MigrateAsync(Migration.InitialDatabase);

            (await HandWrittenObjectsAsync(db)).Should().Be(0);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }

    private static Task<int> HandWrittenObjectsAsync(SqlitePortalDbContext db) =>
        db.Database.SqlQueryRaw<int>("""
            SELECT COUNT(*) AS "Value" FROM "sqlite_master"
            WHERE "name" IN ('AuditEvents_AppendOnly_NoUpdate', 'AuditEvents_AppendOnly_NoDelete', 'AuditRetentionGrants')
            """).SingleAsync();
}
