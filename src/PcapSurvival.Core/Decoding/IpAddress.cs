using System.Buffers.Binary;
using System.Net;

namespace PcapSurvival.Core.Decoding;

/// <summary>
/// An IPv4 or IPv6 address as two 64-bit halves: compared and hashed without allocation.
/// IPv4 addresses are kept as IPv4-mapped IPv6 (::ffff:a.b.c.d) with a family flag.
/// </summary>
public readonly struct IpAddress : IEquatable<IpAddress>, IComparable<IpAddress>
{
    private const ulong MappedPrefix = 0x0000_FFFF_0000_0000;
    private readonly ulong _high;
    private readonly ulong _low;

    private IpAddress(ulong high, ulong low, bool isV6)
    {
        _high = high;
        _low = low;
        IsV6 = isV6;
    }

    public bool IsV6 { get; }

    public static IpAddress FromV4(ReadOnlySpan<byte> bytes) =>
        new(0, MappedPrefix | BinaryPrimitives.ReadUInt32BigEndian(bytes), false);

    public static IpAddress FromV6(ReadOnlySpan<byte> bytes) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]), true);

    public static IpAddress FromIPAddress(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out int written);
        return written == 4 ? FromV4(bytes) : FromV6(bytes);
    }

    public static IpAddress Parse(string text) => FromIPAddress(IPAddress.Parse(text));

    public IPAddress ToIPAddress()
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, _high);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], _low);
        return IsV6 ? new IPAddress(bytes) : new IPAddress(bytes[12..]);
    }

    public override string ToString() => ToIPAddress().ToString();

    public bool Equals(IpAddress other) => _high == other._high && _low == other._low && IsV6 == other.IsV6;

    public override bool Equals(object? obj) => obj is IpAddress other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_high, _low);

    public int CompareTo(IpAddress other)
    {
        int c = _high.CompareTo(other._high);
        return c != 0 ? c : _low.CompareTo(other._low);
    }

    internal ulong High => _high;

    internal ulong Low => _low;

    public static bool operator ==(IpAddress left, IpAddress right) => left.Equals(right);

    public static bool operator !=(IpAddress left, IpAddress right) => !left.Equals(right);

    public static bool operator <(IpAddress left, IpAddress right) => left.CompareTo(right) < 0;

    public static bool operator >(IpAddress left, IpAddress right) => left.CompareTo(right) > 0;

    public static bool operator <=(IpAddress left, IpAddress right) => left.CompareTo(right) <= 0;

    public static bool operator >=(IpAddress left, IpAddress right) => left.CompareTo(right) >= 0;
}
