using System.Runtime.CompilerServices;
using PcapSurvival.Core.Decoding;

namespace PcapSurvival.Core.Tcp;

/// <summary>
/// Identifies a TCP connection regardless of direction: the two endpoints are stored in a fixed
/// order, so both directions of a conversation map to the same key.
/// </summary>
public readonly struct FlowKey : IEquatable<FlowKey>
{
    private readonly IpAddress _lowAddress;
    private readonly IpAddress _highAddress;
    private readonly ushort _lowPort;
    private readonly ushort _highPort;

    // Computed once, when the key is built (on the reading thread when there is one), not at every lookup.
    private readonly int _hash;

    public FlowKey(IpAddress source, ushort sourcePort, IpAddress destination, ushort destinationPort)
        : this(source, sourcePort, destination, destinationPort, hash: 0)
    {
        _hash = Hash(_lowAddress, _highAddress, _lowPort, _highPort);
    }

    /// <param name="hash">The key's hash, computed before (<see cref="HashOf"/> on the reading thread).</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private FlowKey(in IpAddress source, ushort sourcePort, in IpAddress destination, ushort destinationPort, int hash)
    {
        if (SourceIsLow(source, sourcePort, destination, destinationPort))
        {
            _lowAddress = source;
            _lowPort = sourcePort;
            _highAddress = destination;
            _highPort = destinationPort;
        }
        else
        {
            _lowAddress = destination;
            _lowPort = destinationPort;
            _highAddress = source;
            _highPort = sourcePort;
        }

        _hash = hash;
    }

    public static FlowKey Of(in TcpSegment segment) =>
        new(segment.Source, segment.SourcePort, segment.Destination, segment.DestinationPort);

    /// <summary>The key of a segment whose key's hash was computed before (by <see cref="HashOf"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static FlowKey Of(in TcpSegment segment, int hash) =>
        new(segment.Source, segment.SourcePort, segment.Destination, segment.DestinationPort, hash);

    /// <summary>The hash of the segment's key, as the key itself would compute it, without building the key.</summary>
    internal static int HashOf(in TcpSegment segment) =>
        SourceIsLow(segment.Source, segment.SourcePort, segment.Destination, segment.DestinationPort)
            ? Hash(segment.Source, segment.Destination, segment.SourcePort, segment.DestinationPort)
            : Hash(segment.Destination, segment.Source, segment.DestinationPort, segment.SourcePort);

    /// <summary>The key's fixed share of the key space (<see cref="FlowShard"/>), the same in every run.</summary>
    public int Shard => FlowShard.Of(_lowAddress, _highAddress, _lowPort, _highPort);

    /// <summary>The shard of the segment's key, without building the key.</summary>
    internal static int ShardOf(in TcpSegment segment) =>
        SourceIsLow(segment.Source, segment.SourcePort, segment.Destination, segment.DestinationPort)
            ? FlowShard.Of(segment.Source, segment.Destination, segment.SourcePort, segment.DestinationPort)
            : FlowShard.Of(segment.Destination, segment.Source, segment.DestinationPort, segment.SourcePort);

    public bool Equals(FlowKey other) => Equals(in other);

    /// <summary>As <see cref="Equals(FlowKey)"/>, without copying the 56-byte key.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool Equals(in FlowKey other) =>
        _hash == other._hash
        && _lowAddress.High == other._lowAddress.High && _lowAddress.Low == other._lowAddress.Low
        && _highAddress.High == other._highAddress.High && _highAddress.Low == other._highAddress.Low
        && _lowPort == other._lowPort && _highPort == other._highPort
        && _lowAddress.IsV6 == other._lowAddress.IsV6;

    public override bool Equals(object? obj) => obj is FlowKey other && Equals(other);

    public override int GetHashCode() => _hash;

    /// <summary>The order of the two endpoints in a key: by address (as <see cref="IpAddress.CompareTo"/>), then port.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool SourceIsLow(in IpAddress source, ushort sourcePort, in IpAddress destination, ushort destinationPort) =>
        source.High < destination.High
        || (source.High == destination.High && (source.Low < destination.Low || (source.Low == destination.Low && sourcePort <= destinationPort)));

    /// <summary>The table hash, keyed with the process's random secret: see <see cref="KeyedFlowHash"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Hash(in IpAddress low, in IpAddress high, ushort lowPort, ushort highPort) => KeyedFlowHash.Of(low, high, lowPort, highPort);

    public static bool operator ==(FlowKey left, FlowKey right) => left.Equals(right);

    public static bool operator !=(FlowKey left, FlowKey right) => !left.Equals(right);
}
