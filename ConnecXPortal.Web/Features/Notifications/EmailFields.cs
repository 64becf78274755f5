using System.Net;

namespace ConnecXPortal.Web.Features.Notifications;

/// <summary>
/// Per-recipient fields in a bulk email's text: the template writes the token, each recipient's value replaces it
/// (HTML-encoded in the HTML body, as the renderer encodes every other piece of text).
/// </summary>
public static class EmailFields
{
    /// <summary>The resident's first name ("there" when we do not know it).</summary>
    public const string FirstName = "{{firstName}}";

    /// <summary>Fills in every field of <paramref name="fields"/> in <paramref name="body"/>.</summary>
    public static string Apply(string body, IReadOnlyDictionary<string, string> fields, bool html)
    {
        foreach (var (token, value) in fields)
        {
            body = body.Replace(token, html ? WebUtility.HtmlEncode(value) : value, StringComparison.Ordinal);
        }

        return body;
    }

    public static IReadOnlyDictionary<string, string> ForResident(string? givenName) =>
        new Dictionary<string, string>(1) { [FirstName] = string.IsNullOrWhiteSpace(givenName) ? "there" : givenName.Trim() };
}
