namespace PcapSurvival.Core.Reading;

/// <summary>
/// One packet record as read from a capture file or a live device. The bytes belong to the
/// reader and are only valid until the next read, so this is a ref struct: it cannot be kept.
/// </summary>
public readonly ref struct RawPacket
{
    public RawPacket(long frameNumber, long timestampNs, LinkType linkType, int originalLength, ReadOnlySpan<byte> data, long fileOffset)
    {
        FrameNumber = frameNumber;
        TimestampNs = timestampNs;
        LinkType = linkType;
        OriginalLength = originalLength;
        Data = data;
        FileOffset = fileOffset;
    }

    /// <summary>1-based position of the record in its file, counting every packet record (Wireshark's frame.number).</summary>
    public long FrameNumber { get; }

    /// <summary>Capture time in nanoseconds since the Unix epoch.</summary>
    public long TimestampNs { get; }

    public LinkType LinkType { get; }

    /// <summary>Length of the packet on the wire; at least <see cref="CapturedLength"/>.</summary>
    public int OriginalLength { get; }

    public int CapturedLength => Data.Length;

    public ReadOnlySpan<byte> Data { get; }

    /// <summary>Byte offset of the record in the (decompressed) file, for error messages.</summary>
    public long FileOffset { get; }
}
