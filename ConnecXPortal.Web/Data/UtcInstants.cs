namespace ConnecXPortal.Web.Data;

/// <summary>
/// Instants that are stored or compared in SQL are kept in UTC. SQLite stores a DateTimeOffset as its local ticks
/// and offset, so two instants with different offsets (a clock at +10:00 and a configured date at +00:00) would not
/// compare correctly there; with one offset everywhere they do.
/// </summary>
public static class UtcInstants
{
    /// <summary>The clock's current instant with a zero offset.</summary>
    public static DateTimeOffset UtcNow(this TimeProvider clock) => clock.GetUtcNow().ToUniversalTime();
}
