using System.Buffers.Binary;

namespace PcapSurvival.Benchmarks;

/// <summary>Where each packet of an in-memory microsecond pcap lies, so benchmarks can skip the reader.</summary>
internal sealed class PacketIndex
{
    public PacketIndex(byte[] pcap)
    {
        var offsets = new List<int>();
        var captured = new List<int>();
        var original = new List<int>();
        var times = new List<long>();
        for (int at = 24; at + 16 <= pcap.Length;)
        {
            var record = pcap.AsSpan(at, 16);
            long seconds = BinaryPrimitives.ReadUInt32LittleEndian(record);
            long micros = BinaryPrimitives.ReadUInt32LittleEndian(record[4..]);
            int length = BinaryPrimitives.ReadInt32LittleEndian(record[8..]);
            times.Add((seconds * 1_000_000_000) + (micros * 1000));
            captured.Add(length);
            original.Add(BinaryPrimitives.ReadInt32LittleEndian(record[12..]));
            offsets.Add(at + 16);
            at += 16 + length;
        }

        Offsets = [.. offsets];
        CapturedLengths = [.. captured];
        OriginalLengths = [.. original];
        TimestampsNs = [.. times];
    }

    public int Count => Offsets.Length;

    public int[] Offsets { get; }

    public int[] CapturedLengths { get; }

    public int[] OriginalLengths { get; }

    public long[] TimestampsNs { get; }
}
