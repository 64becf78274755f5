using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using ConnecXPortal.Tests.Infrastructure;

namespace ConnecXPortal.Tests.Integration.Hosting;

/// <summary>The security headers on every kind of response, and the cookies' flags.</summary>
public sealed partial class SecurityHeadersTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task APage_HasEveryHeader_AndItsImportMapCarriesThePolicysNonce()
    {
        using var http = Client();

        var response = await http.GetAsync("/account/sign-in");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var policy = AssertHeaders(response);
        var nonce = NonceIn().Match(policy).Groups[1].Value;
        nonce.Should().NotBeNullOrEmpty();
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        html.Should().Contain($"<script type=\"importmap\" nonce=\"{nonce}\">");
        InlineScripts().Matches(html).Should().OnlyContain(m => m.Value.Contains($"nonce=\"{nonce}\""),
            "every inline script must carry the nonce; the others come from the portal's own files");
        html.Should().NotContain("onclick=\"", "inline event handlers are refused by the policy");

        var again = AssertHeaders(await http.GetAsync("/account/sign-in"));
        NonceIn().Match(again).Groups[1].Value.Should().NotBe(nonce, "a nonce is new for every response");
    }

    [Theory]
    [InlineData("/brand/portal.css")]
    [InlineData("/js/layout.js")]
    [InlineData("/_framework/blazor.web.js")]
    public async Task AStaticFile_HasEveryHeader(string path)
    {
        using var http = Client();

        var response = await http.GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        AssertHeaders(response);
    }

    [Fact]
    public async Task AnApiResponse_HasEveryHeader()
    {
        using var http = Client();

        var response = await http.PostAsJsonAsync("/api/app/v1/sign-in", new { email = "nobody@example.com", password = "x" });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, "the app headers are missing");
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        AssertHeaders(response);
    }

    [Fact]
    public async Task AnErrorPage_HasEveryHeader()
    {
        using var http = Client();

        var response = await http.GetAsync("/no/such/page");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).Should().Contain("<html");
        AssertHeaders(response);
    }

    [Fact]
    public async Task InProduction_AnErrorAnswer_HasEveryHeader_AndCookiesAreSecureHttpOnlyAndSameSite()
    {
        await using var production = StartupConfigurationTests.Production();
        using var http = new HttpClient { BaseAddress = production.ServerAddress };

        AssertHeaders(await http.GetAsync("/dev/outbox")).Should().Contain("frame-ancestors 'none'");

        var page = await http.GetAsync("/account/sign-in");
        page.StatusCode.Should().Be(HttpStatusCode.OK);
        AssertHeaders(page);
        var cookies = page.Headers.GetValues("Set-Cookie").ToList();
        cookies.Should().NotBeEmpty("the sign-in form sets its antiforgery cookie");
        cookies.Should().OnlyContain(c => c.Contains("; secure", StringComparison.OrdinalIgnoreCase)
            && c.Contains("; httponly", StringComparison.OrdinalIgnoreCase)
            && (c.Contains("; samesite=lax", StringComparison.OrdinalIgnoreCase) || c.Contains("; samesite=strict", StringComparison.OrdinalIgnoreCase)));
    }

    private HttpClient Client() => new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.ServerAddress };

    /// <summary>Asserts every security header and returns the Content Security Policy.</summary>
    private static string AssertHeaders(HttpResponseMessage response)
    {
        response.Headers.GetValues("Content-Security-Policy").Should().ContainSingle("one policy, not Blazor's beside ours");
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        var directives = policy.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .ToDictionary(d => d.Split(' ')[0], d => d[(d.IndexOf(' ') + 1)..]);
        directives["default-src"].Should().Be("'self'");
        directives["script-src"].Should().MatchRegex("^'self' 'nonce-[A-Za-z0-9+/=]{24}'$");
        directives["style-src"].Should().Be("'self' 'unsafe-inline'");
        directives["img-src"].Should().Be("'self' data:");
        directives["connect-src"].Should().Be("'self'");
        directives["object-src"].Should().Be("'none'");
        directives["base-uri"].Should().Be("'self'");
        directives["form-action"].Should().Be("'self'");
        directives["frame-ancestors"].Should().Be("'none'");
        policy.Should().NotContain("unsafe-eval");

        response.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
        response.Headers.GetValues("Referrer-Policy").Should().Equal("strict-origin-when-cross-origin");
        var permissions = response.Headers.GetValues("Permissions-Policy").Single();
        permissions.Should().Contain("camera=()").And.Contain("microphone=()").And.Contain("geolocation=()")
            .And.Contain("publickey-credentials-get=(self)").And.Contain("publickey-credentials-create=(self)");
        return policy;
    }

    [GeneratedRegex("'nonce-([^']+)'")]
    private static partial Regex NonceIn();

    [GeneratedRegex("<script(?![^>]*\\bsrc=)[^>]*>")]
    private static partial Regex InlineScripts();
}
