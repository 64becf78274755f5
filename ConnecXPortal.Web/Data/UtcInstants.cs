namespace ConnecXPortal.Web.Data;

/// <summary>
/// Instants that are stored or compared in SQL are kept in UTC, so what is written reads back with the same offset
/// (SQLite stores UTC ticks; SQL Server keeps the offset it is given).
/// </summary>
public static class UtcInstants
{
    /// <summary>The clock's current instant with a zero offset.</summary>
    public static DateTimeOffset UtcNow(this TimeProvider clock) => clock.GetUtcNow().ToUniversalTime();
}
