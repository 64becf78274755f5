using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace ConnecXPortal.Tests.Integration.Data;

/// <summary>Each provider's migration set matches the model; SQL Server is checked without a server.</summary>
public sealed class MigrationTests
{
    private static SqlitePortalDbContext Sqlite(string connectionString = "Data Source=:memory:") =>
        new(DesignTimeModel.Options<SqlitePortalDbContext>(o => o.UseSqlite(connectionString)));

    private static SqlServerPortalDbContext SqlServer() =>
        new(DesignTimeModel.Options<SqlServerPortalDbContext>(o => o.UseSqlServer("Server=unused;Database=ConnecXPortal")));

    [Fact]
    public void SqliteMigrations_HaveNoPendingModelChanges()
    {
        using var db = Sqlite();

        db.Database.HasPendingModelChanges().Should().BeFalse("run scripts/add-migration.sh after changing the model");
    }

    [Fact]
    public void SqlServerMigrations_HaveNoPendingModelChanges()
    {
        using var db = SqlServer();

        db.Database.HasPendingModelChanges().Should().BeFalse("run scripts/add-migration.sh after changing the model");
    }

    [Fact]
    public void SqlServerMigrationScript_Generates_WithTheIdentityPasskeyStore()
    {
        using var db = SqlServer();

        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        script.Should().Contain("CREATE TABLE [AspNetUserPasskeys]")
            .And.Contain("CREATE TABLE [DataProtectionKeys]")
            .And.Contain("CREATE TABLE [AuditEvents]")
            .And.Contain("datetimeoffset");
    }

    [Fact]
    public void SqlServerMigrationScript_CommittedForTheDatabaseTeam_IsTheOneTheMigrationsGenerate()
    {
        using var db = SqlServer();
        var generated = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        var committed = File.ReadAllText(RepositoryFiles.PathOf("scripts", "sqlserver-migrations.sql"));

        Normalised(committed).Should().Be(Normalised(generated), "scripts/add-migration.sh regenerates scripts/sqlserver-migrations.sql; run scripts/sqlserver-script.sh after editing a migration by hand");
    }

    private static string Normalised(string script) => script.ReplaceLineEndings("\n").Trim();

    [Fact]
    public async Task SqliteMigrations_ApplyToAnEmptyDatabase()
    {
        var path = Path.Combine(Path.GetTempPath(), $"connecx-migrate-{Guid.NewGuid():N}.db");
        try
        {
            await using var db = Sqlite($"Data Source={path}");

            await db.Database.MigrateAsync();

            (await db.Database.GetPendingMigrationsAsync()).Should().BeEmpty();
            (await db.Database.GetAppliedMigrationsAsync()).Should().NotBeEmpty();
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }

    [Fact]
    public async Task SqliteMigrations_OnAFreshDatabase_LogNoWarnings()
    {
        var path = Path.Combine(Path.GetTempPath(), $"connecx-migrate-{Guid.NewGuid():N}.db");
        var warnings = new List<string>();
        try
        {
            await using var db = new SqlitePortalDbContext(DesignTimeModel.Options<SqlitePortalDbContext>(o => o
                .UseSqlite($"Data Source={path}")
                .LogTo(warnings.Add, Microsoft.Extensions.Logging.LogLevel.Warning)));

            await db.Database.MigrateAsync();

            warnings.Should().BeEmpty();
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }

    [Fact]
    public void BothMigrationSets_HaveTheSameMigrations()
    {
        using var sqlite = Sqlite();
        using var sqlServer = SqlServer();

        var sqliteNames = sqlite.Database.GetMigrations().Select(Name);
        var sqlServerNames = sqlServer.Database.GetMigrations().Select(Name);

        sqliteNames.Should().Equal(sqlServerNames);

        static string Name(string id) => id[(id.IndexOf('_', StringComparison.Ordinal) + 1)..];
    }
}
