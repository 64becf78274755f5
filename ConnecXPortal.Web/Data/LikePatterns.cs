namespace ConnecXPortal.Web.Data;

/// <summary>
/// LIKE patterns from what people type, with the wildcards they typed escaped (use with <see cref="Escape"/> as the
/// escape character). SQLite's LIKE ignores case for ASCII letters, as SQL Server's default collation does.
/// </summary>
public static class LikePatterns
{
    /// <summary>The escape character the patterns use: pass it to <c>EF.Functions.Like</c>.</summary>
    public const string Escape = "\\";

    /// <summary>Matches text containing <paramref name="term"/>.</summary>
    public static string Containing(string term) => $"%{Escaped(term)}%";

    /// <summary>Matches text starting with <paramref name="term"/>; an index can answer it (on SQLite, a NOCASE one).</summary>
    public static string StartingWith(string term) => $"{Escaped(term)}%";

    /// <summary>Matches <paramref name="term"/> exactly, ignoring case.</summary>
    public static string Exactly(string term) => Escaped(term);

    private static string Escaped(string term) => term.Trim()
        .Replace(Escape, Escape + Escape, StringComparison.Ordinal)
        .Replace("%", Escape + "%", StringComparison.Ordinal)
        .Replace("_", Escape + "_", StringComparison.Ordinal);
}
