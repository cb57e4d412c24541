using PcapSurvival.Core.Decoding;

namespace PcapSurvival.Core.Pairing;

/// <summary>
/// What identifies one transmission of a segment at both capture points: its sequence and acknowledgment numbers,
/// payload length, flags and IPv4 identification. Addresses and ports are left out on purpose, so that the same
/// packet is recognised across a NAT (masquerading rewrites addresses and ports, never these fields). A
/// retransmission carries a new IP ID on Linux (IPv4), so each copy is told apart; without one (IPv6) identical
/// copies are matched in turn, first with first.
/// </summary>
internal readonly struct SegmentFingerprint : IEquatable<SegmentFingerprint>
{
    private readonly ulong _numbers;
    private readonly ulong _rest;

    private SegmentFingerprint(ulong numbers, ulong rest)
    {
        _numbers = numbers;
        _rest = rest;
    }

    public static SegmentFingerprint Of(in TcpSegment segment) => new(
        ((ulong)segment.Sequence << 32) | segment.Acknowledgment,
        ((ulong)(uint)segment.PayloadLength << 32) | ((ulong)(ushort)segment.Flags << 16) | segment.IpId);

    public bool Equals(SegmentFingerprint other) => _numbers == other._numbers && _rest == other._rest;

    public override bool Equals(object? obj) => obj is SegmentFingerprint other && Equals(other);

    // Sequence and acknowledgment numbers are random per connection: mixing them is enough of a hash.
    public override int GetHashCode()
    {
        ulong h = (_numbers ^ (_rest * 0x9E3779B97F4A7C15UL)) * 0xFF51AFD7ED558CCDUL;
        return (int)(h ^ (h >> 32));
    }
}
