using ConnecXPortal.Web.Features.Manage.Dashboard;

namespace ConnecXPortal.Tests.Integration.Manage;

public sealed class CsvWriterTests
{
    [Theory]
    [InlineData("Olivia", "Olivia")]
    [InlineData("", "")]
    [InlineData(null, "")]
    [InlineData("O'Connor", "O'Connor")]
    [InlineData("Smith, Jr", "\"Smith, Jr\"")]
    [InlineData("The \"Penthouse\"", "\"The \"\"Penthouse\"\"\"")]
    [InlineData("line\nbreak", "\"line\nbreak\"")]
    [InlineData(" padded ", "\" padded \"")]
    [InlineData("Authenticator app; Email code", "\"Authenticator app; Email code\"")]
    [InlineData(";", "\";\"")]
    public void Cells_AreQuotedOnlyWhenNeeded(string? value, string expected) => CsvWriter.Cell(value).Should().Be(expected);

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.example\",\"Click\")", "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Click\"\")\"")]
    [InlineData("+61 400 000 000", "'+61 400 000 000")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1:A2)", "'@SUM(A1:A2)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\r=1", "\"'\r=1\"")]
    public void CellsThatASpreadsheetWouldRunAsAFormula_StartWithAnApostrophe(string value, string expected) =>
        CsvWriter.Cell(value).Should().Be(expected);

    [Fact]
    public void ALine_JoinsCellsWithCommas_AndEndsWithCrLf() =>
        CsvWriter.Line("a", "b,c", null).Should().Be("a,\"b,c\",\r\n");

    [Fact]
    public void ACellWithASemicolon_StaysOneCell_ForSpreadsheetsThatSplitOnSemicolons() =>
        CsvWriter.Line("Cy", "=1;2", "x;y").Should().Be("Cy,\"'=1;2\",\"x;y\"\r\n");
}
