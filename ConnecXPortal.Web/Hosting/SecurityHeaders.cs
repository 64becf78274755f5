using System.Security.Cryptography;

namespace ConnecXPortal.Web.Hosting;

/// <summary>
/// The security headers every response carries (pages, static files, the API, errors): a strict Content Security
/// Policy with a per-request nonce for the one inline script (Blazor's import map), nosniff, the referrer policy and
/// the permissions policy. Written when the response starts, so the exception handler and the status code pages,
/// which clear the headers, still send them.
/// </summary>
public static class SecurityHeaders
{
    private const string NonceKey = "cx.csp-nonce";

    /// <summary>
    /// Scripts only from the portal itself, or inline with this response's nonce; never eval. Styles allow inline:
    /// MudBlazor writes style attributes on its components and the theme provider an inline style element, and a
    /// nonce cannot cover style attributes. Images allow data: for the authenticator and notice QR codes. 'self' in
    /// connect-src also matches the circuit's same-origin ws:/wss: connection (CSP Level 3).
    /// </summary>
    public static string ContentSecurityPolicy(string nonce) =>
        "default-src 'self'; " +
        $"script-src 'self' 'nonce-{nonce}'; " +
        "style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data:; " +
        "font-src 'self'; " +
        "connect-src 'self'; " +
        "object-src 'none'; " +
        "base-uri 'self'; " +
        "form-action 'self'; " +
        "frame-ancestors 'none'";

    /// <summary>No camera, microphone or location; WebAuthn (passkeys) for the portal's own pages only.</summary>
    public const string PermissionsPolicy =
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), " +
        "publickey-credentials-get=(self), publickey-credentials-create=(self)";

    /// <summary>This request's CSP nonce, for an inline script the page must render (the import map).</summary>
    public static string CspNonce(this HttpContext context)
    {
        if (context.Items[NonceKey] is string nonce)
        {
            return nonce;
        }

        nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        context.Items[NonceKey] = nonce;
        return nonce;
    }

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;

            // Replaces Blazor's own frame-ancestors-only policy rather than adding a second one.
            headers.ContentSecurityPolicy = ContentSecurityPolicy(context.CspNonce());
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = PermissionsPolicy;
            return Task.CompletedTask;
        });
        return next(context);
    });
}
