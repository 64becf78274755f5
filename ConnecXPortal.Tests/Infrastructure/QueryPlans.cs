using Microsoft.EntityFrameworkCore;

namespace ConnecXPortal.Tests.Infrastructure;

/// <summary>SQLite's EXPLAIN QUERY PLAN for the exact SQL and parameters EF Core sends for a query.</summary>
public static class QueryPlans
{
    /// <summary>The plan's lines, for example "SEARCH a USING INDEX IX_AspNetUsers_BuildingId_ActivatedAt (BuildingId=?)".</summary>
    public static async Task<IReadOnlyList<string>> ExplainAsync<T>(IQueryable<T> query)
    {
        await using var command = query.CreateDbCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
        if (command.Connection!.State != System.Data.ConnectionState.Open)
        {
            await command.Connection.OpenAsync();
        }

        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(3));
        }

        return lines;
    }

    /// <summary>Lines that read a whole table (or index) from start to end rather than seeking in an index.</summary>
    public static IEnumerable<string> FullScans(this IEnumerable<string> plan) =>
        plan.Where(line => line.StartsWith("SCAN ", StringComparison.Ordinal) && !line.Contains("json_each", StringComparison.Ordinal));
}
