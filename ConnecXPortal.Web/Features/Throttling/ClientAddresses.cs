using System.Net;
using System.Net.Sockets;
using ConnecXPortal.Web.Features.Audit;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace ConnecXPortal.Web.Features.Throttling;

/// <summary>
/// The reverse proxies and load balancers in front of the portal (appsettings.json, section ForwardedHeaders). Only a
/// request whose connection comes from one of them has its X-Forwarded-For and X-Forwarded-Proto honoured; from
/// anyone else those headers are ignored, so a client cannot choose the address it is throttled and audited by.
/// </summary>
public sealed class ForwardedHeadersSettings
{
    public const string SectionName = "ForwardedHeaders";

    /// <summary>Proxy addresses, such as 10.0.0.4 or 2001:db8::4.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR notation, such as 10.0.0.0/24.</summary>
    public string[] KnownNetworks { get; set; } = [];

    /// <summary>How many proxies in a row may add to X-Forwarded-For (the entries read from its right-hand end).</summary>
    public int ForwardLimit { get; set; } = 1;
}

/// <summary>Who a request comes from, for limits: the client address after <see cref="ForwardedHeadersSettings"/>, grouped.</summary>
public static class ClientAddresses
{
    /// <summary>
    /// The partition an address is limited in: an IPv4 address on its own (an IPv4-mapped IPv6 address as IPv4),
    /// an IPv6 address by its /64, because one subscriber or host is given a whole /64 and can use any address in it.
    /// </summary>
    public static string PartitionKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return $"{new IPAddress(bytes)}/64";
    }

    /// <summary>The address of the current request, or of the live circuit whose event is being handled.</summary>
    public static IPAddress? Current(IHttpContextAccessor accessor) =>
        accessor.HttpContext?.Connection.RemoteIpAddress
        ?? (IPAddress.TryParse(CircuitClientAddress.Current, out var circuit) ? circuit : null);

    internal static void Configure(ForwardedHeadersOptions options, ForwardedHeadersSettings settings)
    {
        // ASP.NET Core trusts loopback by default, and every sender once both lists are empty: the portal trusts only
        // what is configured, and with nothing configured reads no forwarded header at all.
        var trusted = settings.KnownProxies.Length > 0 || settings.KnownNetworks.Length > 0;
        options.ForwardedHeaders = trusted ? ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto : ForwardedHeaders.None;
        options.ForwardLimit = settings.ForwardLimit;
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in settings.KnownProxies)
        {
            options.KnownProxies.Add(IPAddress.Parse(proxy));
        }

        foreach (var network in settings.KnownNetworks)
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        }
    }
}

/// <summary>Stops the portal at start when a proxy address or network cannot be read, naming the key.</summary>
internal sealed class ForwardedHeadersSettingsValidator : IValidateOptions<ForwardedHeadersSettings>
{
    public ValidateOptionsResult Validate(string? name, ForwardedHeadersSettings options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.KnownProxies.Length; i++)
        {
            if (!IPAddress.TryParse(options.KnownProxies[i], out _))
            {
                failures.Add($"{ForwardedHeadersSettings.SectionName}:KnownProxies:{i} must be an IP address such as 10.0.0.4; it is '{options.KnownProxies[i]}'.");
            }
        }

        for (var i = 0; i < options.KnownNetworks.Length; i++)
        {
            if (!System.Net.IPNetwork.TryParse(options.KnownNetworks[i], out _))
            {
                failures.Add($"{ForwardedHeadersSettings.SectionName}:KnownNetworks:{i} must be a network in CIDR notation such as 10.0.0.0/24; it is '{options.KnownNetworks[i]}'.");
            }
        }

        if (options.ForwardLimit is < 1 or > 10)
        {
            failures.Add($"{ForwardedHeadersSettings.SectionName}:ForwardLimit must be between 1 and 10; it is {options.ForwardLimit}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
