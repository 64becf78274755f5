using Microsoft.Data.Sqlite;

namespace ConnecXPortal.Bench.Data;

/// <summary>
/// Inserts rows into one table with multi-row INSERT statements (a few hundred rows each) inside the caller's
/// transaction: set-based seeding, hundreds of thousands of rows a second, without EF Core's change tracking.
/// </summary>
internal sealed class BulkInserter : IDisposable
{
    private readonly SqliteConnection connection;
    private readonly SqliteTransaction transaction;
    private readonly string table;
    private readonly string[] columns;
    private readonly int rowsPerStatement;
    private readonly SqliteCommand full;
    private readonly object?[] buffer;
    private int buffered;

    public BulkInserter(SqliteConnection connection, SqliteTransaction transaction, string table, params string[] columns)
    {
        this.connection = connection;
        this.transaction = transaction;
        this.table = table;
        this.columns = columns;
        rowsPerStatement = Math.Max(1, 2000 / columns.Length);
        full = Command(rowsPerStatement);
        full.Prepare();
        buffer = new object?[rowsPerStatement * columns.Length];
    }

    public long Inserted { get; private set; }

    public void Add(params object?[] values)
    {
        if (values.Length != columns.Length)
        {
            throw new ArgumentException($"{table} takes {columns.Length} values, not {values.Length}.", nameof(values));
        }

        values.CopyTo(buffer, buffered * columns.Length);
        if (++buffered == rowsPerStatement)
        {
            Execute(full, buffered);
        }
    }

    public void Flush()
    {
        if (buffered == 0)
        {
            return;
        }

        using var rest = Command(buffered);
        Execute(rest, buffered);
    }

    public void Dispose()
    {
        Flush();
        full.Dispose();
    }

    private void Execute(SqliteCommand command, int rows)
    {
        for (var i = 0; i < rows * columns.Length; i++)
        {
            command.Parameters[i].Value = buffer[i] ?? DBNull.Value;
        }

        command.ExecuteNonQuery();
        Inserted += rows;
        buffered = 0;
    }

    private SqliteCommand Command(int rows)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        var values = new List<string>(rows);
        for (var row = 0; row < rows; row++)
        {
            var names = new string[columns.Length];
            for (var column = 0; column < columns.Length; column++)
            {
                names[column] = $"$p{(row * columns.Length) + column}";
                command.Parameters.Add(new SqliteParameter(names[column], null));
            }

            values.Add($"({string.Join(", ", names)})");
        }

        command.CommandText = $"""INSERT INTO "{table}" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES {string.Join(", ", values)}""";
        return command;
    }
}
