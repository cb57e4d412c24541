namespace PcapSurvival.Capture;

/// <summary>A packet waiting in a <see cref="PacketQueue"/>; its bytes are valid until <see cref="PacketQueue.Release"/>.</summary>
public readonly ref struct QueuedPacket
{
    public QueuedPacket(long frame, long timestampNs, int originalLength, ReadOnlySpan<byte> data)
    {
        Frame = frame;
        TimestampNs = timestampNs;
        OriginalLength = originalLength;
        Data = data;
    }

    /// <summary>1-based position of the packet in the capture (and in the -w file), counting packets the queue dropped.</summary>
    public long Frame { get; }

    public long TimestampNs { get; }

    public int OriginalLength { get; }

    public ReadOnlySpan<byte> Data { get; }
}
