using System.ComponentModel.DataAnnotations;

namespace ConnecXPortal.Web.Data;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// Where the SQLite file lives when <c>ConnectionStrings:Portal</c> is not set; relative paths are taken from the
    /// web project's content root.
    /// </summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>Apply pending migrations when the portal starts. Production SQL Server may turn this off
    /// and run the migration bundle or script instead (see README).</summary>
    public bool MigrateAtStartup { get; set; } = true;
}
