using System.Net;
using System.Net.Sockets;

namespace EmbeddingLab.Core.Net;

/// <summary>
/// Which IP addresses a server-side download may connect to. Everything that reaches the server's own machine or
/// network is refused: loopback, private (RFC 1918, unique-local), carrier-grade NAT, link-local, multicast,
/// unspecified, reserved and documentation ranges, and the IPv6 forms that embed such an IPv4 address
/// (IPv4-mapped, IPv4-compatible, NAT64, 6to4).
/// </summary>
public static class AddressRules
{
    /// <summary>True when <paramref name="address"/> is a public unicast address.</summary>
    public static bool IsPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6) return IsPublicV4(address.MapToIPv4());
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => IsPublicV4(address),
            AddressFamily.InterNetworkV6 => IsPublicV6(address),
            _ => false,
        };
    }

    private static bool IsPublicV4(IPAddress address)
    {
        Span<byte> b = stackalloc byte[4];
        address.TryWriteBytes(b, out _);
        return !(b[0] == 0                                      // 0.0.0.0/8 "this network", unspecified
            || b[0] == 10                                       // 10/8 private
            || b[0] == 127                                      // loopback
            || (b[0] == 100 && (b[1] & 0xC0) == 64)             // 100.64/10 carrier-grade NAT
            || (b[0] == 169 && b[1] == 254)                     // link-local (cloud metadata lives here)
            || (b[0] == 172 && (b[1] & 0xF0) == 16)             // 172.16/12 private
            || (b[0] == 192 && b[1] == 0 && b[2] == 0)          // 192.0.0/24 protocol assignments
            || (b[0] == 192 && b[1] == 0 && b[2] == 2)          // documentation
            || (b[0] == 192 && b[1] == 168)                     // 192.168/16 private
            || (b[0] == 198 && (b[1] & 0xFE) == 18)             // 198.18/15 benchmarking
            || (b[0] == 198 && b[1] == 51 && b[2] == 100)       // documentation
            || (b[0] == 203 && b[1] == 0 && b[2] == 113)        // documentation
            || b[0] >= 224);                                    // multicast, reserved, broadcast
    }

    private static bool IsPublicV6(IPAddress address)
    {
        Span<byte> b = stackalloc byte[16];
        address.TryWriteBytes(b, out _);
        if (address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6Loopback)) return false;
        if (b[0] == 0xFF) return false;                                     // multicast
        if (b[0] == 0xFE && (b[1] & 0xC0) == 0x80) return false;            // fe80::/10 link-local
        if (b[0] == 0xFE && (b[1] & 0xC0) == 0xC0) return false;            // fec0::/10 site-local
        if ((b[0] & 0xFE) == 0xFC) return false;                            // fc00::/7 unique-local
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8) return false; // 2001:db8::/32 documentation
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0) return false;       // 2001::/32 Teredo (tunnels to anywhere)
        if (b[..12].IndexOfAnyExcept((byte)0) < 0) return false;            // ::/96 IPv4-compatible (and ::, ::1)
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B)   // 64:ff9b::/96 NAT64 → the embedded IPv4
            return IsPublicV4(new IPAddress(b[12..]));
        if (b[0] == 0x20 && b[1] == 0x02)                                   // 2002::/16 6to4 → the embedded IPv4
            return IsPublicV4(new IPAddress(b[2..6]));
        return true;
    }
}
