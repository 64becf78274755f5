using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace ConnecXPortal.Tests.Infrastructure;

/// <summary>
/// A browser-like HTTP client for the portal: keeps cookies, does not follow redirects (so tests can see them),
/// and fills in and submits the portal's server-rendered forms (antiforgery token and form name included).
/// </summary>
public sealed class PortalClient : IDisposable
{
    private static readonly HtmlParser Parser = new();

    public PortalClient(Uri baseAddress, CookieContainer? cookies = null)
    {
        Cookies = cookies ?? new CookieContainer();
        Handler = new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false, UseCookies = true };
        Http = new HttpClient(Handler) { BaseAddress = baseAddress };
    }

    public CookieContainer Cookies { get; }

    public HttpClient Http { get; }

    private HttpClientHandler Handler { get; }

    public async Task<PortalResponse> GetAsync(string path)
    {
        var response = await Http.GetAsync(path);
        return await PortalResponse.ReadAsync(response);
    }

    /// <summary>GETs <paramref name="path"/>, follows redirects, and returns the final page.</summary>
    public async Task<PortalResponse> GetFollowingRedirectsAsync(string path)
    {
        var response = await GetAsync(path);
        return await FollowAsync(response);
    }

    /// <summary>Fills the form named <paramref name="formName"/> (Blazor's _handler) on <paramref name="page"/> and submits it.</summary>
    public Task<PortalResponse> SubmitAsync(PortalResponse page, string formName, IReadOnlyDictionary<string, string> fields, string? submitter = null) =>
        PrepareSubmit(page, formName, fields, submitter)();

    /// <summary>Fills the form as <see cref="SubmitAsync"/> does, and returns the submission to send later (for bursts of parallel requests).</summary>
    public Func<Task<PortalResponse>> PrepareSubmit(PortalResponse page, string formName, IReadOnlyDictionary<string, string> fields, string? submitter = null)
    {
        var form = page.Document.Forms.FirstOrDefault(f =>
                (f.Elements.OfType<IHtmlInputElement>().FirstOrDefault(i => i.Name == "_handler")?.Value ?? f.Id) == formName)
            ?? throw new InvalidOperationException($"No form '{formName}' on {page.RequestUri}. Page:\n{page.Html}");

        var values = new List<KeyValuePair<string, string>>();
        foreach (var input in form.Elements.OfType<IHtmlInputElement>().Where(i => i.Type == "hidden" && !string.IsNullOrEmpty(i.Name)))
        {
            if (!fields.ContainsKey(input.Name!))
            {
                values.Add(new(input.Name!, input.Value));
            }
        }

        values.AddRange(fields);
        if (submitter is not null)
        {
            var button = form.Elements.OfType<IHtmlButtonElement>().FirstOrDefault(b => b.TextContent.Trim() == submitter)
                ?? throw new InvalidOperationException($"No button '{submitter}' in form '{formName}'.");
            if (!string.IsNullOrEmpty(button.Name))
            {
                values.Add(new(button.Name, button.Value));
            }
        }

        var action = string.IsNullOrEmpty(form.GetAttribute("action")) ? page.RequestUri : new Uri(page.RequestUri, form.GetAttribute("action"));
        return async () => await PortalResponse.ReadAsync(await Http.PostAsync(action, new FormUrlEncodedContent(values)));
    }

    /// <summary>Follows redirects from <paramref name="response"/> until a page answers.</summary>
    public async Task<PortalResponse> FollowAsync(PortalResponse response)
    {
        for (var hops = 0; response.IsRedirect; hops++)
        {
            if (hops > 10)
            {
                throw new InvalidOperationException("Too many redirects.");
            }

            response = await GetAsync(response.Location!.ToString());
        }

        return response;
    }

    public void Dispose()
    {
        Http.Dispose();
        Handler.Dispose();
    }

    public static IHtmlDocument Parse(string html) => Parser.ParseDocument(html);
}

public sealed class PortalResponse
{
    private IHtmlDocument? document;

    private PortalResponse(HttpResponseMessage message, string html)
    {
        Message = message;
        Html = html;
    }

    public HttpResponseMessage Message { get; }

    public HttpStatusCode StatusCode => Message.StatusCode;

    public string Html { get; }

    public Uri RequestUri => Message.RequestMessage!.RequestUri!;

    public bool IsRedirect => (int)StatusCode is >= 300 and < 400 && Message.Headers.Location is not null;

    /// <summary>The redirect target, made absolute.</summary>
    public Uri? Location => Message.Headers.Location is { } location
        ? (location.IsAbsoluteUri ? location : new Uri(RequestUri, location))
        : null;

    public IHtmlDocument Document => document ??= PortalClient.Parse(Html);

    /// <summary>The text of the elements with role="alert" (errors the page reports).</summary>
    public IReadOnlyList<string> Alerts => [.. Document.QuerySelectorAll("[role=alert]").Select(e => e.TextContent.Trim())];

    public string? Heading => Document.QuerySelector("h1")?.TextContent.Trim();

    public static async Task<PortalResponse> ReadAsync(HttpResponseMessage message) =>
        new(message, await message.Content.ReadAsStringAsync());
}
