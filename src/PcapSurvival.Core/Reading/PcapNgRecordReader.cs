using System.Buffers.Binary;

namespace PcapSurvival.Core.Reading;

/// <summary>
/// pcapng: sections in either byte order, one interface block per interface (each with its own link type
/// and timestamp resolution), enhanced, simple and obsolete packet blocks. Other blocks are skipped.
/// </summary>
internal sealed class PcapNgRecordReader : RecordReader
{
    public const uint SectionHeaderType = 0x0A0D0D0A;
    private const uint ByteOrderMagic = 0x1A2B3C4D;
    private const uint InterfaceDescriptionType = 1;
    private const uint ObsoletePacketType = 2;
    private const uint SimplePacketType = 3;
    private const uint InterfaceStatisticsType = 5;
    private const uint EnhancedPacketType = 6;

    // Custom blocks (copyable or not): Wireshark shows each as a frame, so they take a frame number here too.
    private const uint CustomBlockType = 0x00000BAD;
    private const uint CustomBlockNoCopyType = 0x40000BAD;

    private const int MaxBlockLength = 16 << 20;

    private readonly List<PcapNgInterface> _interfaces = [];
    private bool _bigEndian;
    private bool _sawInterface;
    private long _lastPacketNs = long.MinValue;

    public PcapNgRecordReader(ByteSource source) : base(source)
    {
        // The first block must be a valid section header: anything else means this is not a usable file.
        string? problem = NextBlock(out uint type, out var body, out long offset, out int length);
        problem ??= type == SectionHeaderType ? StartSection(body) : "pcapng file does not start with a section header block";
        if (problem is not null)
        {
            throw new CaptureFormatException(offset, problem);
        }

        Source.Advance(length);

        // Read the interface blocks that follow now, so the timestamp resolution is known before the first packet.
        while (Source.Ensure(12) && U32(Source.Peek(4)) == InterfaceDescriptionType
            && NextBlock(out _, out body, out _, out length) is null && AddInterface(body) is null)
        {
            Source.Advance(length);
        }
    }

    public override bool HasWholeRecord => Source.Available >= 8 && Source.Available >= U32(Source.Peek(8)[4..]);

    public override ReadStatus Read(out RawPacket packet)
    {
        while (true)
        {
            if (Source.Available == 0 && !Source.Ensure(1))
            {
                packet = default;
                return ReadStatus.EndOfFile;
            }

            string? problem = NextBlock(out uint type, out var body, out long offset, out int length);
            problem ??= type switch
            {
                SectionHeaderType => StartSection(body),
                InterfaceDescriptionType => AddInterface(body),
                InterfaceStatisticsType => ReadStatistics(body),
                _ => null,
            };
            if (problem is not null)
            {
                return Damaged(offset, problem, out packet);
            }

            if (type is EnhancedPacketType or SimplePacketType or ObsoletePacketType)
            {
                problem = ReadPacket(type, body, offset, out packet);
                if (problem is not null)
                {
                    return Damaged(offset, problem, out packet);
                }

                Source.Advance(length);
                return ReadStatus.Packet;
            }

            if (type is CustomBlockType or CustomBlockNoCopyType)
            {
                Frames++;
            }

            Source.Advance(length);
        }
    }

    /// <summary>Frames the next block without consuming it; switches byte order at a section header.</summary>
    private string? NextBlock(out uint type, out ReadOnlySpan<byte> body, out long offset, out int length)
    {
        offset = Source.Position;
        type = 0;
        body = default;
        length = 0;
        if (!Source.Ensure(12))
        {
            return $"file cut short inside a block header ({Source.Available} of 12 bytes)";
        }

        var head = Source.Peek(12);
        type = U32(head);
        if (type == SectionHeaderType)
        {
            uint bom = BinaryPrimitives.ReadUInt32LittleEndian(head[8..]);
            if (bom != ByteOrderMagic && BinaryPrimitives.ReverseEndianness(bom) != ByteOrderMagic)
            {
                return $"section header has a bad byte-order magic 0x{bom:x8}";
            }

            _bigEndian = bom != ByteOrderMagic;
        }

        uint declared = U32(head[4..]);
        if (declared < 12 || declared % 4 != 0 || declared > MaxBlockLength)
        {
            return $"block of type 0x{type:x} has an impossible length of {declared} bytes";
        }

        length = (int)declared;
        if (!Source.Ensure(length))
        {
            return $"file cut short inside a block of type 0x{type:x} ({Source.Available} of {length} bytes)";
        }

        var block = Source.Peek(length);
        uint trailer = U32(block[^4..]);
        if (trailer != declared)
        {
            return $"block of type 0x{type:x} ends with length {trailer}, but starts with {declared}";
        }

        body = block[8..^4];
        return null;
    }

    private string? StartSection(ReadOnlySpan<byte> body)
    {
        if (body.Length < 16)
        {
            return $"section header block is too short ({body.Length + 12} bytes)";
        }

        ushort major = U16(body[4..]);
        ushort minor = U16(body[6..]);
        if (major != 1 || (minor != 0 && minor != 2))
        {
            return $"unsupported pcapng version {major}.{minor}";
        }

        _interfaces.Clear();
        return CheckOptions(body[16..], "section header", static (_, _) => { });
    }

    private string? AddInterface(ReadOnlySpan<byte> body)
    {
        if (body.Length < 8)
        {
            return $"interface description block is too short ({body.Length + 12} bytes)";
        }

        var linkType = (LinkType)U16(body);
        uint snapLength = U32(body[4..]);
        var scale = TimestampScale.Microseconds;
        long offsetNs = 0;
        string? problem = CheckOptions(body[8..], "interface description", (code, value) =>
        {
            if (code == 9 && value.Length >= 1)
            {
                scale = TimestampScale.FromResolution(value[0]);
            }
            else if (code == 14 && value.Length >= 8)
            {
                offsetNs = TimestampScale.OffsetToNanoseconds((long)U64(value));
            }
        });
        if (problem is not null)
        {
            return problem;
        }

        _interfaces.Add(new PcapNgInterface(linkType, snapLength, scale, offsetNs));
        TimestampDigits = _sawInterface ? Math.Max(TimestampDigits, scale.Digits) : scale.Digits;
        _sawInterface = true;
        return null;
    }

    /// <summary>An interface statistics block: its isb_endtime (option 3) is when the capture on that interface stopped.</summary>
    private string? ReadStatistics(ReadOnlySpan<byte> body)
    {
        if (body.Length < 12)
        {
            return $"interface statistics block is too short ({body.Length + 12} bytes)";
        }

        uint interfaceId = U32(body);
        long? end = null;
        string? problem = CheckOptions(body[12..], "interface statistics", (code, value) =>
        {
            if (code == 3 && value.Length >= 8)
            {
                end = (long)(((ulong)U32(value) << 32) | U32(value[4..])); // high word first, as a packet block's timestamp
            }
        });
        if (problem is null && end is long ticks && interfaceId < _interfaces.Count)
        {
            var iface = _interfaces[(int)interfaceId];
            long ns = TimestampScale.AddSaturating(iface.Scale.ToNanoseconds((ulong)ticks), iface.OffsetNs);
            if (ns < _lastPacketNs)
            {
                // dumpcap 4.0 writes the statistics' times in microseconds even when its interface says nanoseconds:
                // an end before the packets it follows is read so when that puts it after them.
                long micro = TimestampScale.AddSaturating(TimestampScale.Microseconds.ToNanoseconds((ulong)ticks), iface.OffsetNs);
                ns = micro >= _lastPacketNs ? micro : ns;
            }

            StoppedNs = StoppedNs is long known ? Math.Max(known, ns) : ns;
        }

        return problem;
    }

    private string? ReadPacket(uint type, ReadOnlySpan<byte> body, long offset, out RawPacket packet)
    {
        packet = default;
        int interfaceId;
        ulong ticks;
        uint capturedLength;
        uint originalLength;
        int dataStart;
        switch (type)
        {
            case EnhancedPacketType:
            case ObsoletePacketType:
                if (body.Length < 20)
                {
                    return $"packet block is too short ({body.Length + 12} bytes)";
                }

                interfaceId = type == EnhancedPacketType ? (int)Math.Min(U32(body), int.MaxValue) : U16(body);
                ticks = ((ulong)U32(body[4..]) << 32) | U32(body[8..]);
                capturedLength = U32(body[12..]);
                originalLength = U32(body[16..]);
                dataStart = 20;
                if (capturedLength > body.Length - dataStart)
                {
                    return $"packet {Frames + 1} claims {capturedLength} captured bytes, but its block holds only {body.Length - dataStart}";
                }

                break;
            default:
                if (body.Length < 4)
                {
                    return $"simple packet block is too short ({body.Length + 12} bytes)";
                }

                interfaceId = 0;
                ticks = 0;
                originalLength = U32(body);
                dataStart = 4;
                capturedLength = Math.Min(originalLength, (uint)(body.Length - dataStart));
                if (_interfaces.Count > 0 && _interfaces[0].SnapLength != 0)
                {
                    capturedLength = Math.Min(capturedLength, _interfaces[0].SnapLength);
                }

                break;
        }

        if (interfaceId >= _interfaces.Count)
        {
            return $"packet {Frames + 1} refers to interface {interfaceId}, but the section defines {_interfaces.Count}";
        }

        var iface = _interfaces[interfaceId];
        Frames++;
        long timestamp = type == SimplePacketType ? 0 : TimestampScale.AddSaturating(iface.Scale.ToNanoseconds(ticks), iface.OffsetNs);
        _lastPacketNs = Math.Max(_lastPacketNs, timestamp);
        int wireLength = (int)Math.Min(Math.Max(originalLength, capturedLength), int.MaxValue);
        packet = new RawPacket(Frames, timestamp, iface.LinkType, wireLength, body.Slice(dataStart, (int)capturedLength), offset);
        return null;
    }

    private delegate void OptionHandler(ushort code, ReadOnlySpan<byte> value);

    /// <summary>Walks an option list, handing each option to <paramref name="handle"/>; returns a problem when one runs past its block.</summary>
    private string? CheckOptions(ReadOnlySpan<byte> options, string blockName, OptionHandler handle)
    {
        int position = 0;
        while (position + 4 <= options.Length)
        {
            ushort code = U16(options[position..]);
            ushort length = U16(options[(position + 2)..]);
            if (code == 0)
            {
                return null;
            }

            int padded = (length + 3) & ~3;
            if (position + 4 + padded > options.Length)
            {
                return $"{blockName} block has an option (code {code}) of length {length} that runs past the end of the block";
            }

            handle(code, options.Slice(position + 4, length));
            position += 4 + padded;
        }

        return null;
    }

    private uint U32(ReadOnlySpan<byte> b) => _bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(b) : BinaryPrimitives.ReadUInt32LittleEndian(b);

    private ushort U16(ReadOnlySpan<byte> b) => _bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(b) : BinaryPrimitives.ReadUInt16LittleEndian(b);

    private ulong U64(ReadOnlySpan<byte> b) => _bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(b) : BinaryPrimitives.ReadUInt64LittleEndian(b);
}
