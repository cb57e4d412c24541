using System.Buffers.Binary;
using System.Security.Cryptography;
using PcapSurvival.Core.Decoding;

namespace PcapSurvival.Core.Tcp;

/// <summary>
/// Community ID v1 (github.com/corelight/community-id-spec): "1:" and the base64 SHA-1 of the seed, the flow's
/// endpoints in a fixed order, the protocol and the ports, so that Zeek, Suricata and Arkime records of the same flow
/// carry the same string. Computed once per connection, when it is reported.
/// </summary>
public static class CommunityId
{
    public const byte Tcp = 6;
    public const byte Udp = 17;
    public const byte Sctp = 132;
    public const byte Icmp = 1;
    public const byte Icmp6 = 58;

    /// <summary>The connection's ID (seed 0, as Zeek, Suricata and Arkime use by default).</summary>
    public static string Of(Connection connection) =>
        Compute(Tcp, connection.ClientAddress, connection.ServerAddress, connection.ClientPort, connection.ServerPort);

    /// <summary>
    /// The ID of a flow. <paramref name="ports"/> false for protocols without ports (their port arguments are
    /// ignored); <paramref name="oneWay"/> for ICMP messages without a counterpart, whose endpoints are not ordered.
    /// </summary>
    public static string Compute(
        byte protocol, IpAddress source, IpAddress destination, ushort sourcePort, ushort destinationPort,
        ushort seed = 0, bool ports = true, bool oneWay = false, bool base64 = true)
    {
        // The spec's order: the smaller address first, the smaller port breaking a tie, unless one-way.
        if (!oneWay && (destination < source || (destination == source && destinationPort < sourcePort)))
        {
            (source, destination) = (destination, source);
            (sourcePort, destinationPort) = (destinationPort, sourcePort);
        }

        int addressLength = source.IsV6 ? 16 : 4;
        Span<byte> input = stackalloc byte[2 + (2 * 16) + 2 + 4];
        int at = 0;
        BinaryPrimitives.WriteUInt16BigEndian(input, seed);
        at += 2;
        at += WriteAddress(source, input[at..], addressLength);
        at += WriteAddress(destination, input[at..], addressLength);
        input[at++] = protocol;
        input[at++] = 0; // padding
        if (ports)
        {
            BinaryPrimitives.WriteUInt16BigEndian(input[at..], sourcePort);
            BinaryPrimitives.WriteUInt16BigEndian(input[(at + 2)..], destinationPort);
            at += 4;
        }

        Span<byte> digest = stackalloc byte[SHA1.HashSizeInBytes];
#pragma warning disable CA5350 // the specification's hash, an identifier, not a protection
        SHA1.HashData(input[..at], digest);
#pragma warning restore CA5350
        return "1:" + (base64 ? Convert.ToBase64String(digest) : Convert.ToHexStringLower(digest));
    }

    /// <summary>
    /// The spec's port equivalents for ICMP: a message type with a counterpart (echo and its reply, ...) is paired
    /// with it; any other is one-way, with its code as the second "port".
    /// </summary>
    public static (ushort SourcePort, ushort DestinationPort, bool OneWay) IcmpPorts(bool v6, byte type, byte code)
    {
        int counterpart = v6 ? Icmp6Counterpart(type) : Icmp4Counterpart(type);
        return counterpart < 0 ? (type, code, true) : (type, (ushort)counterpart, false);
    }

    private static int Icmp4Counterpart(byte type) => type switch
    {
        8 => 0, 0 => 8, 13 => 14, 14 => 13, 15 => 16, 16 => 15, 10 => 9, 9 => 10, 17 => 18, 18 => 17,
        _ => -1,
    };

    private static int Icmp6Counterpart(byte type) => type switch
    {
        128 => 129, 129 => 128, 133 => 134, 134 => 133, 135 => 136, 136 => 135, 130 => 131, 131 => 130,
        139 => 140, 140 => 139, 144 => 145, 145 => 144,
        _ => -1,
    };

    private static int WriteAddress(IpAddress address, Span<byte> destination, int length)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, address.High);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], address.Low);
        bytes[(16 - length)..].CopyTo(destination);
        return length;
    }
}
