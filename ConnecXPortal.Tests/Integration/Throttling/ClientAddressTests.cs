using System.Net;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Features.Throttling;
using Microsoft.Extensions.Options;

namespace ConnecXPortal.Tests.Integration.Throttling;

/// <summary>Which partition a client address is limited in, and the settings that stop the portal at start.</summary>
public sealed class ClientAddressTests
{
    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    public void PartitionKey_IsTheIPv4Address_OrTheIPv6Slash64(string address, string expected) =>
        ClientAddresses.PartitionKey(IPAddress.Parse(address)).Should().Be(expected);

    [Fact]
    public void PartitionKey_OfTwoIPv6AddressesInOne64_IsTheSame_AndOfAnother64_Differs()
    {
        var first = ClientAddresses.PartitionKey(IPAddress.Parse("2001:db8:abcd:12::1"));

        ClientAddresses.PartitionKey(IPAddress.Parse("2001:db8:abcd:12:ffff:ffff:ffff:fffe")).Should().Be(first);
        ClientAddresses.PartitionKey(IPAddress.Parse("2001:db8:abcd:13::1")).Should().NotBe(first);
    }

    [Fact]
    public void PartitionKey_OfTwoIPv4Addresses_Differs() =>
        ClientAddresses.PartitionKey(IPAddress.Parse("203.0.113.7")).Should().NotBe(ClientAddresses.PartitionKey(IPAddress.Parse("203.0.113.8")));

    [Fact]
    public void PartitionKey_WithoutAnAddress_IsOnePartition() =>
        ClientAddresses.PartitionKey(null).Should().Be("unknown");

    [Theory]
    [InlineData("RateLimits:SignIn:PerAccount", "0", "RateLimits:SignIn:PerAccount must be a whole number between 1 and 1000000*")]
    [InlineData("RateLimits:AccountEmails:PerRecipient", "500", "RateLimits:AccountEmails:PerRecipient must be between 1 and 100*")]
    [InlineData("RateLimits:Invitations:Window", "00:00:00", "RateLimits:Invitations:Window must be a duration between*")]
    [InlineData("ForwardedHeaders:KnownProxies:0", "proxy.internal", "ForwardedHeaders:KnownProxies:0 must be an IP address*")]
    [InlineData("ForwardedHeaders:KnownNetworks:0", "10.0.0.0/99", "ForwardedHeaders:KnownNetworks:0 must be a network in CIDR notation*")]
    public async Task ABadLimitOrProxy_StopsThePortalAtStart_NamingTheKey(string key, string value, string message)
    {
        await using var broken = new PortalAppFactory();
        broken.WithSetting(key, value);

        var failure = await broken.StartFailureAsync();

        failure.Should().BeAssignableTo<OptionsValidationException>().Which.Message.Should().Match($"*{message}");
    }
}
