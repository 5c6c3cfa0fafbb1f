using System.Net;
using System.Net.Sockets;

namespace FlipFlow.Domain.Users;

/// <summary>
/// The client address that sign-in limits and lockouts are counted for. An IPv4 address counts on its own; an IPv6
/// client counts by its /64 network, because one household or server is routinely given a whole /64 and could
/// otherwise take a fresh address for every attempt.
/// </summary>
public static class ClientAddress
{
    public const string Unknown = "unknown";

    public static string KeyOf(IPAddress? address)
    {
        if (address is null)
        {
            return Unknown;
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
        return new IPAddress(bytes) + "/64";
    }
}
