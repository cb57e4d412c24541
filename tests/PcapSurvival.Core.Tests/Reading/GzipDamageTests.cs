using System.IO.Compression;
using PcapSurvival.Core.Reading;
using PcapSurvival.Testing;
using static PcapSurvival.Core.Tests.Reading.ReaderTestPackets;

namespace PcapSurvival.Core.Tests.Reading;

/// <summary>
/// Damaged gzip is damage like any other: the packets before it are read, then the reader stops with a fault at
/// an offset of the decompressed data, never quietly at a false end and never by refusing the whole file.
/// </summary>
public class GzipDamageTests
{
    private const int PacketCount = 300;

    private static readonly byte[] Plain = PcapFileBuilder.Build(
        [.. Enumerable.Range(0, PacketCount).Select(i => new TestPacket(
            Scenario.StartNs + i * 1_000_000L,
            PacketFactory.Ethernet(new TcpSpec { Sequence = (uint)(1 + i * 100), PayloadLength = 100 })))]);

    private static readonly byte[] Compressed = Gzip(Plain);

    [Fact]
    public void Read_IntactGzip_EndsCleanlyWithEveryPacket()
    {
        var (packets, end, _) = ReadAll(Compressed);

        Assert.Equal(ReadStatus.EndOfFile, end);
        Assert.Equal(PacketCount, packets.Count);
    }

    [Fact]
    public void Read_SeveralMembers_AreOneCaptureAsGzipItselfReadsThem()
    {
        int half = Plain.Length / 2;
        byte[] twoMembers = [.. Gzip(Plain[..half]), .. Gzip(Plain[half..])];

        var (packets, end, _) = ReadAll(twoMembers);

        Assert.Equal(ReadStatus.EndOfFile, end);
        Assert.Equal(PacketCount, packets.Count);
    }

    [Fact]
    public void Read_CutInsideTheDeflateData_IsDamagedAfterThePacketsBeforeTheCut()
    {
        var (packets, end, reader) = ReadAll(Compressed[..(Compressed.Length / 2)]);

        Assert.Equal(ReadStatus.Damaged, end);
        Assert.InRange(packets.Count, 1, PacketCount - 1);
        Assert.Contains("the gzip data is cut short", reader.Fault!.Message, StringComparison.Ordinal);
        Assert.Equal(NextRecordOffset(packets), reader.Fault.Offset);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    public void Read_CutInsideTheTrailer_IsDamagedAfterEveryPacket(int bytesCut)
    {
        var (packets, end, reader) = ReadAll(Compressed[..^bytesCut]);

        Assert.Equal(ReadStatus.Damaged, end);
        Assert.Equal(PacketCount, packets.Count);
        Assert.Contains("the gzip data is cut short", reader.Fault!.Message, StringComparison.Ordinal);
        Assert.Equal(Plain.Length, reader.Fault.Offset);
    }

    [Theory]
    [InlineData(new byte[] { 0x67, 0x61, 0x72, 0x62, 0x61, 0x67, 0x65 })]
    [InlineData(new byte[] { 0x1F })]
    public void Read_FollowedByBytesThatAreNotGzip_IsDamagedAfterEveryPacket(byte[] garbage)
    {
        var (packets, end, reader) = ReadAll([.. Compressed, .. garbage]);

        Assert.Equal(ReadStatus.Damaged, end);
        Assert.Equal(PacketCount, packets.Count);
        Assert.Contains("followed by bytes that are not gzip", reader.Fault!.Message, StringComparison.Ordinal);
        Assert.Equal(Plain.Length, reader.Fault.Offset);
    }

    [Theory]
    [InlineData(8, "CRC-32")] // the trailer's first byte: CRC-32, then ISIZE, both little-endian
    [InlineData(1, "ISIZE")]
    public void Read_TrailerThatDoesNotMatchTheData_IsDamagedAfterEveryPacket(int fromEnd, string field)
    {
        byte[] damaged = [.. Compressed];
        damaged[^fromEnd] ^= 0x01;

        var (packets, end, reader) = ReadAll(damaged);

        Assert.Equal(ReadStatus.Damaged, end);
        Assert.Equal(PacketCount, packets.Count);
        Assert.Contains(field, reader.Fault!.Message, StringComparison.Ordinal);
        Assert.Equal(Plain.Length, reader.Fault.Offset);
    }

    [Fact]
    public void Read_DamagedDeflateData_KeepsThePacketsBeforeTheDamage()
    {
        byte[] damaged = [.. Compressed];
        damaged.AsSpan(damaged.Length / 2, 4).Fill(0xFF);

        var (packets, end, reader) = ReadAll(damaged);

        Assert.Equal(ReadStatus.Damaged, end);
        Assert.NotEmpty(packets);
        Assert.Contains("the gzip data is corrupt", reader.Fault!.Message, StringComparison.Ordinal);
    }

    /// <summary>Where the record after the last one read starts: 16 bytes of record header, then the data.</summary>
    private static long NextRecordOffset(List<(long Frame, long TimeNs, LinkType Link, int Original, byte[] Data, long Offset)> packets) =>
        packets[^1].Offset + 16 + packets[^1].Data.Length;

    private static byte[] Gzip(byte[] data)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return compressed.ToArray();
    }
}
