using System.Numerics;

namespace PcapSurvival.Testing;

/// <summary>Writes pcapng files block by block: sections, interfaces with their own link type and resolution, packets.</summary>
public sealed class PcapNgBuilder(bool bigEndian = false)
{
    private readonly MemoryStream _stream = new();
    private readonly List<byte> _resolutions = [];
    private bool _bigEndian = bigEndian;

    /// <summary>Starts a section (the builder starts none by itself), optionally switching byte order.</summary>
    public PcapNgBuilder Section(bool? bigEndian = null, ushort major = 1, ushort minor = 0)
    {
        _bigEndian = bigEndian ?? _bigEndian;
        _resolutions.Clear();
        var body = new MemoryStream();
        PcapFileBuilder.Write32(body, 0x1A2B3C4D, _bigEndian);
        PcapFileBuilder.Write16(body, major, _bigEndian);
        PcapFileBuilder.Write16(body, minor, _bigEndian);
        PcapFileBuilder.Write32(body, 0xFFFFFFFF, _bigEndian);
        PcapFileBuilder.Write32(body, 0xFFFFFFFF, _bigEndian);
        return Block(0x0A0D0D0A, body.ToArray());
    }

    /// <summary>
    /// An interface; <paramref name="resolution"/> is the if_tsresol byte (6 = µs, 9 = ns, 0x80|n = 2^-n), and
    /// <paramref name="offsetSeconds"/> its if_tsoffset, when given.
    /// </summary>
    public PcapNgBuilder Interface(int linkType, byte resolution = 6, uint snapLength = 0, long? offsetSeconds = null)
    {
        _resolutions.Add(resolution);
        var body = new MemoryStream();
        PcapFileBuilder.Write16(body, (ushort)linkType, _bigEndian);
        PcapFileBuilder.Write16(body, 0, _bigEndian);
        PcapFileBuilder.Write32(body, snapLength, _bigEndian);
        if (resolution != 6)
        {
            PcapFileBuilder.Write16(body, 9, _bigEndian);
            PcapFileBuilder.Write16(body, 1, _bigEndian);
            body.Write([resolution, 0, 0, 0]);
        }

        if (offsetSeconds is long offset)
        {
            PcapFileBuilder.Write16(body, 14, _bigEndian);
            PcapFileBuilder.Write16(body, 8, _bigEndian);
            PcapFileBuilder.Write32(body, (uint)((ulong)offset >> (_bigEndian ? 32 : 0)), _bigEndian);
            PcapFileBuilder.Write32(body, (uint)((ulong)offset >> (_bigEndian ? 0 : 32)), _bigEndian);
        }

        if (resolution != 6 || offsetSeconds is not null)
        {
            PcapFileBuilder.Write16(body, 0, _bigEndian); // end of options
            PcapFileBuilder.Write16(body, 0, _bigEndian);
        }

        return Block(1, body.ToArray());
    }

    public PcapNgBuilder Enhanced(TestPacket packet) => PacketBlock(6, packet);

    /// <summary>The obsolete packet block (type 2) of pcapng's first drafts.</summary>
    public PcapNgBuilder Obsolete(TestPacket packet) => PacketBlock(2, packet);

    /// <summary>A simple packet block: no timestamp, interface 0.</summary>
    public PcapNgBuilder Simple(TestPacket packet)
    {
        var body = new MemoryStream();
        PcapFileBuilder.Write32(body, (uint)packet.WireLength, _bigEndian);
        WritePadded(body, packet.Data);
        return Block(3, body.ToArray());
    }

    /// <summary>Any other block, which a reader must skip.</summary>
    public PcapNgBuilder Other(uint type, byte[] body) => Block(type, Pad(body));

    public byte[] Build() => _stream.ToArray();

    private PcapNgBuilder PacketBlock(uint type, TestPacket packet)
    {
        ulong ticks = ToTicks(packet.TimestampNs, _resolutions.ElementAtOrDefault(packet.Interface));
        var body = new MemoryStream();
        if (type == 6)
        {
            PcapFileBuilder.Write32(body, (uint)packet.Interface, _bigEndian);
        }
        else
        {
            PcapFileBuilder.Write16(body, (ushort)packet.Interface, _bigEndian);
            PcapFileBuilder.Write16(body, 0, _bigEndian);
        }

        PcapFileBuilder.Write32(body, (uint)(ticks >> 32), _bigEndian);
        PcapFileBuilder.Write32(body, (uint)ticks, _bigEndian);
        PcapFileBuilder.Write32(body, (uint)packet.Data.Length, _bigEndian);
        PcapFileBuilder.Write32(body, (uint)packet.WireLength, _bigEndian);
        WritePadded(body, packet.Data);
        return Block(type, body.ToArray());
    }

    private static ulong ToTicks(long ns, byte resolution)
    {
        int exponent = resolution & 0x7F;
        if ((resolution & 0x80) != 0)
        {
            return (ulong)(((BigInteger)ns << exponent) / 1_000_000_000);
        }

        return exponent <= 9 ? (ulong)(ns / (long)Math.Pow(10, 9 - exponent)) : (ulong)(ns * (long)Math.Pow(10, exponent - 9));
    }

    private PcapNgBuilder Block(uint type, byte[] body)
    {
        PcapFileBuilder.Write32(_stream, type, _bigEndian);
        PcapFileBuilder.Write32(_stream, (uint)(body.Length + 12), _bigEndian);
        _stream.Write(body);
        PcapFileBuilder.Write32(_stream, (uint)(body.Length + 12), _bigEndian);
        return this;
    }

    private static void WritePadded(Stream stream, byte[] data)
    {
        stream.Write(data);
        stream.Write(new byte[(4 - (data.Length % 4)) % 4]);
    }

    private static byte[] Pad(byte[] data) => [.. data, .. new byte[(4 - (data.Length % 4)) % 4]];
}
