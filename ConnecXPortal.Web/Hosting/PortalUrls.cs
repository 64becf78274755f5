using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace ConnecXPortal.Web.Hosting;

/// <summary>Absolute links to the portal, for emails and anything else that leaves the browser.</summary>
public sealed class PortalUrls(IOptions<PortalOptions> options, IServer server)
{
    private Uri? baseUri;

    public Uri BaseUri => baseUri ??= ResolveBaseUri();

    public Uri Absolute(string pathAndQuery) => new(BaseUri, pathAndQuery.TrimStart('/'));

    private Uri ResolveBaseUri()
    {
        var configured = options.Value.PublicBaseUrl;
        if (string.IsNullOrWhiteSpace(configured))
        {
            // Not configured (Development, tests): the first address the server listens on.
            configured = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? throw new InvalidOperationException("Portal:PublicBaseUrl is not set and the server has no address yet.");
            configured = configured.Replace("://[::]", "://localhost", StringComparison.Ordinal)
                .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal)
                .Replace("://+", "://localhost", StringComparison.Ordinal)
                .Replace("://*", "://localhost", StringComparison.Ordinal);
        }

        return new Uri(configured.EndsWith('/') ? configured : configured + "/");
    }
}
