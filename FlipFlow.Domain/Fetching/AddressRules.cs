using System.Net;
using System.Net.Sockets;

namespace FlipFlow.Domain.Fetching;

/// <summary>What kind of network an address belongs to, as far as fetching from it goes.</summary>
public enum AddressKind
{
    /// <summary>On the public internet: FlipFlow fetches from it.</summary>
    Public,

    /// <summary>RFC 1918 (10/8, 172.16/12, 192.168/16), IPv6 unique local (fc00::/7) and the retired site-local fec0::/10.</summary>
    Private,

    /// <summary>127/8 and ::1: this machine.</summary>
    Loopback,

    /// <summary>169.254/16 and fe80::/10: the local link, where cloud metadata services answer (169.254.169.254).</summary>
    LinkLocal,

    /// <summary>0.0.0.0 and ::, which connect to this machine.</summary>
    Unspecified,

    /// <summary>100.64/10 (RFC 6598), a provider's side of carrier-grade NAT.</summary>
    SharedAddressSpace,

    /// <summary>224/4 and ff00::/8.</summary>
    Multicast,

    /// <summary>255.255.255.255.</summary>
    Broadcast,

    /// <summary>Not routed on the internet: "this network" 0/8, IETF and documentation blocks, benchmarking, 240/4, and IPv6 outside 2000::/3 or in its special blocks.</summary>
    Reserved,
}

/// <summary>
/// Which addresses a server-side fetch of a user-given address may connect to: public ones only. An Operator
/// types image addresses; were FlipFlow to fetch any address, they could make it reach this machine, the
/// private network behind it or a cloud metadata service, and learn from the answers. IPv6 forms that carry
/// an IPv4 address (mapped ::ffff:0:0/96, compatible ::/96, NAT64 64:ff9b::/96, 6to4 2002::/16) are judged
/// by that IPv4 address, since that is where they end up. The local-use NAT64 block 64:ff9b:1::/48 puts the
/// IPv4 address where its translator chooses, so it is reserved as a whole.
/// </summary>
public static class AddressRules
{
    private static readonly (IPNetwork Network, AddressKind Kind)[] IPv4 =
    [
        (IPNetwork.Parse("0.0.0.0/32"), AddressKind.Unspecified),
        (IPNetwork.Parse("0.0.0.0/8"), AddressKind.Reserved),
        (IPNetwork.Parse("10.0.0.0/8"), AddressKind.Private),
        (IPNetwork.Parse("100.64.0.0/10"), AddressKind.SharedAddressSpace),
        (IPNetwork.Parse("127.0.0.0/8"), AddressKind.Loopback),
        (IPNetwork.Parse("169.254.0.0/16"), AddressKind.LinkLocal),
        (IPNetwork.Parse("172.16.0.0/12"), AddressKind.Private),
        (IPNetwork.Parse("192.0.0.0/24"), AddressKind.Reserved),
        (IPNetwork.Parse("192.0.2.0/24"), AddressKind.Reserved),
        (IPNetwork.Parse("192.88.99.0/24"), AddressKind.Reserved),
        (IPNetwork.Parse("192.168.0.0/16"), AddressKind.Private),
        (IPNetwork.Parse("198.18.0.0/15"), AddressKind.Reserved),
        (IPNetwork.Parse("198.51.100.0/24"), AddressKind.Reserved),
        (IPNetwork.Parse("203.0.113.0/24"), AddressKind.Reserved),
        (IPNetwork.Parse("224.0.0.0/4"), AddressKind.Multicast),
        (IPNetwork.Parse("255.255.255.255/32"), AddressKind.Broadcast),
        (IPNetwork.Parse("240.0.0.0/4"), AddressKind.Reserved),
    ];

    private static readonly (IPNetwork Network, AddressKind Kind)[] IPv6 =
    [
        (IPNetwork.Parse("::/128"), AddressKind.Unspecified),
        (IPNetwork.Parse("::1/128"), AddressKind.Loopback),
        (IPNetwork.Parse("64:ff9b:1::/48"), AddressKind.Reserved),
        (IPNetwork.Parse("100::/64"), AddressKind.Reserved),
        (IPNetwork.Parse("2001::/32"), AddressKind.Reserved),
        (IPNetwork.Parse("2001:db8::/32"), AddressKind.Reserved),
        (IPNetwork.Parse("fc00::/7"), AddressKind.Private),
        (IPNetwork.Parse("fe80::/10"), AddressKind.LinkLocal),
        (IPNetwork.Parse("fec0::/10"), AddressKind.Private),
        (IPNetwork.Parse("ff00::/8"), AddressKind.Multicast),
    ];

    private static readonly IPNetwork GlobalUnicast = IPNetwork.Parse("2000::/3");

    /// <summary>The IPv6 blocks besides ::ffff:0:0/96 (mapped) whose last 32 bits are an IPv4 address the traffic goes to.</summary>
    private static readonly IPNetwork[] CarryIPv4InLast32Bits =
    [
        IPNetwork.Parse("::/96"),
        IPNetwork.Parse("64:ff9b::/96"),
    ];

    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    /// <summary>True when <paramref name="address"/> is on the public internet.</summary>
    public static bool IsPublic(IPAddress address) => Classify(address) == AddressKind.Public;

    public static AddressKind Classify(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => Find(IPv4, address) ?? AddressKind.Public,
            AddressFamily.InterNetworkV6 => ClassifyIPv6(address),
            _ => AddressKind.Reserved,
        };
    }

    /// <summary>How a message names the kind: "a loopback address".</summary>
    public static string Describe(AddressKind kind) => kind switch
    {
        AddressKind.Public => "a public address",
        AddressKind.Private => "a private address",
        AddressKind.Loopback => "a loopback address",
        AddressKind.LinkLocal => "a link-local address",
        AddressKind.Unspecified => "the unspecified address",
        AddressKind.SharedAddressSpace => "a carrier-grade NAT address",
        AddressKind.Multicast => "a multicast address",
        AddressKind.Broadcast => "the broadcast address",
        AddressKind.Reserved => "a reserved address",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static AddressKind ClassifyIPv6(IPAddress address)
    {
        // IPNetwork.Contains reads a mapped address as its IPv4 address, so no IPv6 network below would hold it.
        if (address.IsIPv4MappedToIPv6)
        {
            return Classify(address.MapToIPv4());
        }
        // ::1 and :: lie inside ::/96 but are IPv6's own loopback and unspecified, not IPv4 0.0.0.1 and 0.0.0.0.
        if (Find(IPv6, address) is { } special && special is AddressKind.Loopback or AddressKind.Unspecified)
        {
            return special;
        }
        var bytes = address.GetAddressBytes();
        if (CarryIPv4InLast32Bits.Any(network => network.Contains(address)))
        {
            return Classify(new IPAddress(bytes.AsSpan(12, 4)));
        }
        if (SixToFour.Contains(address))
        {
            return Classify(new IPAddress(bytes.AsSpan(2, 4)));
        }
        if (Find(IPv6, address) is { } kind)
        {
            return kind;
        }
        return GlobalUnicast.Contains(address) ? AddressKind.Public : AddressKind.Reserved;
    }

    /// <summary>The kind of the most specific listed network holding the address.</summary>
    private static AddressKind? Find((IPNetwork Network, AddressKind Kind)[] table, IPAddress address) =>
        table.Where(entry => entry.Network.Contains(address)).OrderByDescending(entry => entry.Network.PrefixLength)
            .Select(entry => (AddressKind?)entry.Kind).FirstOrDefault();
}
