using System.Buffers.Binary;

namespace PcapSurvival.Testing;

/// <summary>Writes classic pcap files in any of their variants: byte order, µs or ns, Kuznetzov's modified records.</summary>
public static class PcapFileBuilder
{
    public static byte[] Build(
        IEnumerable<TestPacket> packets, int linkType = 1, bool bigEndian = false, bool nanoseconds = false,
        bool modified = false, uint snapLength = 262144)
    {
        using var stream = new MemoryStream();
        uint magic = modified ? 0xA1B2CD34 : nanoseconds ? 0xA1B23C4D : 0xA1B2C3D4;
        Write32(stream, magic, bigEndian);
        Write16(stream, 2, bigEndian);
        Write16(stream, 4, bigEndian);
        Write32(stream, 0, bigEndian);
        Write32(stream, 0, bigEndian);
        Write32(stream, snapLength, bigEndian);
        Write32(stream, (uint)linkType, bigEndian);
        foreach (var packet in packets)
        {
            long seconds = packet.TimestampNs / 1_000_000_000;
            long fraction = packet.TimestampNs % 1_000_000_000;
            Write32(stream, (uint)seconds, bigEndian);
            Write32(stream, (uint)(nanoseconds ? fraction : fraction / 1000), bigEndian);
            Write32(stream, (uint)packet.Data.Length, bigEndian);
            Write32(stream, (uint)packet.WireLength, bigEndian);
            if (modified)
            {
                stream.Write(new byte[8]);
            }

            stream.Write(packet.Data);
        }

        return stream.ToArray();
    }

    internal static void Write32(Stream stream, uint value, bool bigEndian)
    {
        Span<byte> bytes = stackalloc byte[4];
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        }

        stream.Write(bytes);
    }

    internal static void Write16(Stream stream, ushort value, bool bigEndian)
    {
        Span<byte> bytes = stackalloc byte[2];
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
        }

        stream.Write(bytes);
    }
}
