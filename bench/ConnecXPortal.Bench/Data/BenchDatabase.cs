using Microsoft.Data.Sqlite;

namespace ConnecXPortal.Bench.Data;

/// <summary>Raw access to a benchmark's SQLite file, and values as the portal's SQLite model stores them.</summary>
internal static class BenchDatabase
{
    /// <summary>A connection for seeding: no fsync per commit (seeding is not what is measured).</summary>
    public static SqliteConnection OpenForSeeding(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        Execute(connection, "PRAGMA synchronous=OFF;");
        return connection;
    }

    /// <summary>A seeding transaction: foreign keys are checked at the commit, so tables can be filled in any order.</summary>
    public static SqliteTransaction BeginSeeding(SqliteConnection connection)
    {
        var transaction = connection.BeginTransaction();
        Execute(connection, "PRAGMA defer_foreign_keys=ON;", transaction);
        return transaction;
    }

    /// <summary>Writes the WAL back into the database file, so that copying the file copies everything.</summary>
    public static void Checkpoint(string path)
    {
        SqliteConnection.ClearAllPools();
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE);");
    }

    public static int Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command.ExecuteNonQuery();
    }

    public static T Scalar<T>(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return (T)Convert.ChangeType(command.ExecuteScalar()!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A GUID as EF Core's SQLite provider stores it (upper-case text).</summary>
    public static string Id(Guid id) => id.ToString().ToUpperInvariant();

    /// <summary>An instant as the portal's SQLite context stores it (UTC ticks, see SqlitePortalDbContext).</summary>
    public static long At(DateTimeOffset at) => at.UtcTicks;

    public static object? At(DateTimeOffset? at) => at?.UtcTicks;

    /// <summary>Deletes a database file and its WAL companions.</summary>
    public static void Delete(string path)
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            if (File.Exists(file))
            {
                File.Delete(file);
            }
        }
    }
}
