using System.Text;

namespace ConnecXPortal.Web.Features.Manage.Dashboard;

/// <summary>
/// RFC 4180 CSV for spreadsheets. A cell that a spreadsheet would run as a formula (starting with = + - @, or a tab
/// or carriage return, OWASP "CSV injection") is prefixed with an apostrophe, so a resident who names themselves
/// "=HYPERLINK(...)" cannot plant a formula in a manager's spreadsheet. A cell with a semicolon is quoted as well:
/// spreadsheets set to a semicolon list separator (common outside English locales) would split it into two columns.
/// </summary>
public static class CsvWriter
{
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];
    private static readonly char[] NeedsQuotes = [',', ';', '"', '\r', '\n'];

    /// <summary>One line: the cells escaped and joined by commas, ending in CRLF.</summary>
    public static string Line(params IEnumerable<string?> cells) => string.Join(',', cells.Select(Cell)) + "\r\n";

    /// <summary>One cell, neutralised and quoted as needed.</summary>
    public static string Cell(string? value)
    {
        var text = value ?? "";
        if (text.Length > 0 && FormulaStarts.Contains(text[0]))
        {
            text = "'" + text;
        }

        return text.IndexOfAny(NeedsQuotes) >= 0 || text != text.Trim()
            ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : text;
    }

    /// <summary>UTF-8 with a byte order mark, so spreadsheet programs read names with accents correctly.</summary>
    public static Encoding Encoding { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);
}
