using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace PcapSurvival.Core.Reading;

/// <summary>Classic libpcap files: either byte order, microsecond or nanosecond magic, and Kuznetzov's modified format.</summary>
internal sealed class PcapRecordReader : RecordReader
{
    public const uint MagicMicroseconds = 0xA1B2C3D4;
    public const uint MagicNanoseconds = 0xA1B23C4D;
    public const uint MagicModified = 0xA1B2CD34;
    private const int FileHeaderLength = 24;

    private readonly bool _bigEndian;
    private readonly bool _nanoseconds;
    private readonly int _recordHeaderLength;
    private readonly int _maxRecordLength;

    public PcapRecordReader(ByteSource source) : base(source)
    {
        if (!source.Ensure(FileHeaderLength))
        {
            throw new CaptureFormatException(0, $"pcap file header is cut short ({source.Available} of {FileHeaderLength} bytes)");
        }

        var header = source.Peek(FileHeaderLength);
        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(header);
        _bigEndian = magic is not (MagicMicroseconds or MagicNanoseconds or MagicModified);
        magic = U32(header);
        _nanoseconds = magic == MagicNanoseconds;
        _recordHeaderLength = magic == MagicModified ? 24 : 16;
        TimestampDigits = _nanoseconds ? 9 : 6;

        ushort major = U16(header[4..]);
        ushort minor = U16(header[6..]);
        if (major != 2)
        {
            throw new CaptureFormatException(4, $"unsupported pcap version {major}.{minor} (only 2.x exists)");
        }

        uint snapLength = U32(header[16..]);
        uint network = U32(header[20..]);
        if ((network & 0x03FF_0000) != 0)
        {
            throw new CaptureFormatException(20, $"pcap link-type field has reserved bits set (0x{network:x8})");
        }

        LinkType = (LinkType)(network & 0xFFFF);
        _maxRecordLength = (int)Math.Clamp(snapLength, MaxPacketSize, 16u << 20);
        source.Advance(FileHeaderLength);
    }

    public LinkType LinkType { get; }

    public override bool HasWholeRecord =>
        Source.Available >= _recordHeaderLength
        && Source.Available - _recordHeaderLength >= U32(Source.Peek(_recordHeaderLength)[8..]);

    public override ReadStatus Read(out RawPacket packet)
    {
        long offset = Source.Position;
        if (!Source.Ensure(_recordHeaderLength))
        {
            if (Source.Available == 0)
            {
                packet = default;
                return ReadStatus.EndOfFile;
            }

            return Damaged(offset, HeaderCutShort(), out packet);
        }

        var header = Source.Peek(_recordHeaderLength);
        uint seconds = U32(header);
        uint fraction = U32(header[4..]);
        uint capturedLength = U32(header[8..]);
        uint originalLength = U32(header[12..]);
        if (capturedLength > (uint)_maxRecordLength)
        {
            return Damaged(offset, TooLong(capturedLength), out packet);
        }

        int total = _recordHeaderLength + (int)capturedLength;
        if (!Source.Ensure(total))
        {
            return Damaged(offset, PacketCutShort(capturedLength), out packet);
        }

        Frames++;
        long timestamp = seconds * 1_000_000_000L + (_nanoseconds ? fraction : fraction * 1_000L);
        int wireLength = (int)Math.Min(Math.Max(originalLength, capturedLength), int.MaxValue);
        packet = new RawPacket(Frames, timestamp, LinkType, wireLength, Source.Peek(total)[_recordHeaderLength..], offset);
        Source.Advance(total);
        return ReadStatus.Packet;
    }

    // The messages of damage are built out of line: an interpolated string's builder on the stack of Read would be
    // zeroed at every packet (a fifth of the reading thread's time in the native build's profile).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private string HeaderCutShort() =>
        $"file cut short inside the header of packet {Frames + 1} ({Source.Available} of {_recordHeaderLength} bytes)";

    [MethodImpl(MethodImplOptions.NoInlining)]
    private string TooLong(uint capturedLength) =>
        $"packet {Frames + 1} claims {capturedLength} captured bytes, more than the maximum of {_maxRecordLength}";

    [MethodImpl(MethodImplOptions.NoInlining)]
    private string PacketCutShort(uint capturedLength) =>
        $"file cut short inside packet {Frames + 1} ({Source.Available - _recordHeaderLength} of {capturedLength} bytes)";

    private uint U32(ReadOnlySpan<byte> b) => _bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(b) : BinaryPrimitives.ReadUInt32LittleEndian(b);

    private ushort U16(ReadOnlySpan<byte> b) => _bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(b) : BinaryPrimitives.ReadUInt16LittleEndian(b);
}
