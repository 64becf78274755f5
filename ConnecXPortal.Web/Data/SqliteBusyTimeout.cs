using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

namespace ConnecXPortal.Web.Data;

/// <summary>
/// SQLite lets one connection write at a time; another that wants to write meanwhile gets SQLITE_BUSY, and
/// Microsoft.Data.Sqlite then blocks its thread for 150 ms before it tries again, whether the lock is held for a
/// millisecond or a second. Concurrent sign-ins each write (the session, the audit event, the authenticator's last
/// step), so under load those sleeps added latency and left the processor idle. With a busy timeout SQLite waits
/// itself, trying again within a few milliseconds of the lock coming free. Set on every connection the portal opens.
/// </summary>
internal sealed class SqliteBusyTimeout : DbConnectionInterceptor
{
    /// <summary>How long SQLite itself waits for another writer (Microsoft.Data.Sqlite's own retries take over after it).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static readonly SqliteBusyTimeout Instance = new();

    private SqliteBusyTimeout()
    {
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle })
        {
            raw.sqlite3_busy_timeout(handle, (int)Timeout.TotalMilliseconds);
        }
    }
}
