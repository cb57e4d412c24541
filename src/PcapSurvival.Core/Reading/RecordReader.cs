namespace PcapSurvival.Core.Reading;

/// <summary>The part of a capture format that turns bytes into packet records.</summary>
internal abstract class RecordReader(ByteSource source)
{
    /// <summary>Wireshark's limit for one packet in a classic pcap file.</summary>
    protected const int MaxPacketSize = 262_144;

    protected ByteSource Source { get; } = source;

    public CaptureFault? Fault { get; private set; }

    /// <summary>Frames read so far (packets, and pcapng custom blocks, which Wireshark numbers too); the next packet is <c>Frames + 1</c>.</summary>
    public long Frames { get; protected set; }

    /// <summary>Decimal digits of the finest timestamp resolution seen (6 for µs, 9 for ns).</summary>
    public int TimestampDigits { get; protected set; } = 6;

    /// <summary>
    /// When the capture says it stopped (a pcapng statistics block's isb_endtime, as dumpcap writes), which can lie
    /// after its last packet; null when the format does not say (classic pcap).
    /// </summary>
    public long? StoppedNs { get; protected set; }

    public abstract ReadStatus Read(out RawPacket packet);

    /// <summary>Whether the next record is buffered whole, so that reading it will not wait for the stream.</summary>
    public abstract bool HasWholeRecord { get; }

    protected ReadStatus Damaged(long offset, string message, out RawPacket packet)
    {
        Fault = new CaptureFault(offset, message);
        packet = default;
        return ReadStatus.Damaged;
    }
}
