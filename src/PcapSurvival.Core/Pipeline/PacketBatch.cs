using System.Runtime.CompilerServices;
using PcapSurvival.Core.Decoding;
using PcapSurvival.Core.Reading;
using PcapSurvival.Core.Tcp;

namespace PcapSurvival.Core.Pipeline;

/// <summary>A block of decoded packets, filled by whichever thread reads and analyzed by every analyzer; reused, never reallocated.</summary>
internal sealed class PacketBatch(bool split)
{
    public const int Capacity = 8192;

    /// <summary>
    /// How long a paced input (a pipe) may stay quiet before the packets read so far are handed over: then they are
    /// analyzed and written while the input waits, and a stop request finds nothing left to do (issue 21).
    /// </summary>
    public static readonly TimeSpan StallPatience = TimeSpan.FromMilliseconds(100);

    public DecodedPacket[] Packets { get; } = new DecodedPacket[Capacity];

    /// <summary>
    /// When the connections are split between analyzers: which one each packet is for, and its time. An analyzer
    /// reads these few bytes of the others' packets, not the whole decoded packet.
    /// </summary>
    public byte[] Analyzers { get; } = split ? new byte[Capacity] : [];

    public long[] TimesNs { get; } = split ? new long[Capacity] : [];

    public int Count { get; private set; }

    /// <summary>Analyzers still working on this batch; the last one gives it back to be filled again.</summary>
    public int Pending { get; set; }

    /// <summary>The batch was handed over before it was full because the input stalled (<see cref="StallPatience"/>).</summary>
    public bool Stalled { get; private set; }

    /// <summary>Set on the batch that ends the input, with how it ended.</summary>
    public ReadStatus? End { get; private set; }

    /// <summary>
    /// The analyzer of a connection: whole shards of the key space each (<see cref="FlowShard"/>), never the table's
    /// keyed hash, so that which thread holds a connection is the same in every run.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte AnalyzerOf(int shard, int analyzers) => (byte)(shard * analyzers / FlowShard.Count);

    /// <summary>
    /// Fills the batch with the next packets, filtered and decoded, and which analyzer each is for; only up to a stall
    /// of a paced input when some were read.
    /// </summary>
    /// <returns>Whether the input ended (or <paramref name="cancellation"/> stopped it) with this batch.</returns>
    public bool Fill(CaptureReader reader, IPacketFilter? filter, int analyzers, CancellationToken cancellation)
    {
        var packets = Packets;
        var packetAnalyzers = Analyzers;
        var times = TimesNs;
        int count = 0;
        ReadStatus status = ReadStatus.Packet;
        bool paced = reader.IsPaced; // a file never stalls: nothing more to check per packet
        bool stalled = false;
        while (count < Capacity && !(paced && count > 0 && (stalled = reader.Stalled(StallPatience))) && (status = reader.Read(out var packet)) == ReadStatus.Packet)
        {
            ref var decoded = ref packets[count];
            DecodedPacket.Decode(packet, filter, ref decoded);
            if (analyzers > 1)
            {
                packetAnalyzers[count] = AnalyzerOf(decoded, analyzers);
                times[count] = decoded.TimeNs;
            }

            count++;
        }

        Count = count;
        Stalled = stalled;
        bool last = status != ReadStatus.Packet || cancellation.IsCancellationRequested;
        if (last)
        {
            End = status == ReadStatus.Packet ? ReadStatus.EndOfFile : status;
        }

        return last;
    }

    /// <summary>Which analyzer a packet is for: the one of its connection's key; anything else, the first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte AnalyzerOf(in DecodedPacket packet, int analyzers) =>
        !packet.Filtered && packet.Outcome is DecodeOutcome.Tcp or DecodeOutcome.ShortTcpSegment ? AnalyzerOf(FlowKey.ShardOf(packet.Segment), analyzers) : (byte)0;
}
