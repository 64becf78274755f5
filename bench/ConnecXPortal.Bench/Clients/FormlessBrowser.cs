using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace ConnecXPortal.Bench.Clients;

/// <summary>One response: status, redirect target, and the page.</summary>
public sealed record PortalPage(HttpStatusCode Status, string? Location, string Html)
{
    public bool IsRedirectTo(string path) =>
        (int)Status is >= 300 and < 400 && Location is { } location
        && (Uri.TryCreate(location, UriKind.Absolute, out var absolute) ? absolute.AbsolutePath : location.Split('?')[0]) == path;
}

/// <summary>
/// What a browser does for the portal's server-rendered forms, and no more: keeps cookies (including Secure ones, over
/// HTTPS), GETs pages, and posts forms with their hidden fields (the antiforgery token and Blazor's form name). It is
/// deliberately cheap, because on the benchmark's machine every cycle the client spends is one the server does not get.
/// One instance is one user at a time; <see cref="StartOver"/> forgets the cookies, keeping the connection.
/// </summary>
public sealed partial class FormlessBrowser(HttpClient http)
{
    private readonly Dictionary<string, string> cookies = new(StringComparer.Ordinal);

    public void StartOver() => cookies.Clear();

    public string? Cookie(string name) => cookies.GetValueOrDefault(name);

    public IReadOnlyDictionary<string, string> Cookies => cookies;

    public Task<PortalPage> GetAsync(string path, CancellationToken cancellationToken = default) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);

    /// <summary>Posts the form named <paramref name="formName"/> on <paramref name="page"/> to <paramref name="path"/> with its hidden fields and <paramref name="fields"/>.</summary>
    public Task<PortalPage> SubmitAsync(PortalPage page, string path, string formName, IEnumerable<KeyValuePair<string, string>> fields, CancellationToken cancellationToken = default)
    {
        var values = HiddenFields(page.Html, formName);
        foreach (var (name, value) in fields)
        {
            values[name] = value;
        }

        return SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(values) }, cancellationToken);
    }

    /// <summary>The hidden inputs of the form whose Blazor form name (<c>_handler</c>) is <paramref name="formName"/>.</summary>
    public static Dictionary<string, string> HiddenFields(string html, string formName)
    {
        foreach (Match form in FormPattern().Matches(html))
        {
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match input in InputPattern().Matches(form.Value))
            {
                var attributes = AttributePattern().Matches(input.Value)
                    .ToDictionary(a => a.Groups[1].Value.ToLowerInvariant(), a => WebUtility.HtmlDecode(a.Groups[2].Value), StringComparer.Ordinal);
                if (attributes.GetValueOrDefault("type") == "hidden" && attributes.TryGetValue("name", out var name))
                {
                    fields[name] = attributes.GetValueOrDefault("value") ?? "";
                }
            }

            if (fields.GetValueOrDefault("_handler") == formName)
            {
                return fields;
            }
        }

        throw new BenchFlowException($"The page has no form '{formName}'.", html);
    }

    private async Task<PortalPage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            if (cookies.Count > 0)
            {
                request.Headers.Add("Cookie", CookieHeader());
            }

            request.Headers.UserAgent.ParseAdd("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 connecX-bench");
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
            {
                foreach (var setCookie in setCookies)
                {
                    Remember(setCookie);
                }
            }

            var html = await response.Content.ReadAsStringAsync(cancellationToken);
            return new PortalPage(response.StatusCode, response.Headers.Location?.OriginalString, html);
        }
    }

    private string CookieHeader()
    {
        var header = new StringBuilder();
        foreach (var (name, value) in cookies)
        {
            header.Append(header.Length == 0 ? "" : "; ").Append(name).Append('=').Append(value);
        }

        return header.ToString();
    }

    private void Remember(string setCookie)
    {
        var end = setCookie.IndexOf(';', StringComparison.Ordinal);
        var pair = end < 0 ? setCookie : setCookie[..end];
        var equals = pair.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            return;
        }

        var name = pair[..equals].Trim();
        var value = pair[(equals + 1)..].Trim();
        var deleted = value.Length == 0 || setCookie.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase)
            || setCookie.Contains("max-age=0", StringComparison.OrdinalIgnoreCase);
        if (deleted)
        {
            cookies.Remove(name);
        }
        else
        {
            cookies[name] = value;
        }
    }

    [GeneratedRegex("<form\\b.*?</form>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex FormPattern();

    [GeneratedRegex("<input\\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InputPattern();

    [GeneratedRegex("([A-Za-z_:][-A-Za-z0-9_:.]*)\\s*=\\s*\"([^\"]*)\"")]
    private static partial Regex AttributePattern();
}

/// <summary>The portal answered a step of a flow differently from what the flow expects.</summary>
public sealed class BenchFlowException(string message, string? page = null)
    : Exception(page is null ? message : $"{message} Page (start): {page[..Math.Min(page.Length, 600)]}");
