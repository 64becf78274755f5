using Microsoft.AspNetCore.Identity;

namespace ConnecXPortal.Web.Features.Factors.Passkeys;

/// <summary>
/// Pins the WebAuthn relying party to <c>Portal:PublicBaseUrl</c>: its host is the relying-party id and its origin
/// the only origin accepted, whatever Host header a request carries (Identity's defaults take both from the request).
/// Without a public address (Development and tests only; Production requires one) Identity's defaults stay.
/// </summary>
internal static class PasskeyRelyingParty
{
    public static void Pin(IdentityPasskeyOptions options, string? publicBaseUrl)
    {
        if (string.IsNullOrWhiteSpace(publicBaseUrl) || !Uri.TryCreate(publicBaseUrl, UriKind.Absolute, out var uri))
        {
            return;
        }

        var origin = uri.GetLeftPart(UriPartial.Authority);
        options.ServerDomain = uri.IdnHost;
        options.ValidateOrigin = context => ValueTask.FromResult(
            !context.CrossOrigin && string.Equals(context.Origin, origin, StringComparison.OrdinalIgnoreCase));
    }
}
