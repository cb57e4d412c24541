using System.IO.Compression;
using PcapSurvival.Core.Reading;
using PcapSurvival.Testing;
using static PcapSurvival.Core.Tests.Reading.ReaderTestPackets;

namespace PcapSurvival.Core.Tests.Reading;

public class PcapReaderTests
{
    [Theory]
    [InlineData(false, false, false)]
    [InlineData(true, false, false)]
    [InlineData(false, true, false)]
    [InlineData(true, true, false)]
    [InlineData(false, false, true)]
    public void Read_ClassicPcapVariants_ReturnsEveryPacketWithItsTimeAndLengths(bool bigEndian, bool nanoseconds, bool modified)
    {
        byte[] file = PcapFileBuilder.Build(Three, bigEndian: bigEndian, nanoseconds: nanoseconds, modified: modified);

        var (packets, end, reader) = ReadAll(file);

        Assert.Equal(ReadStatus.EndOfFile, end);
        Assert.Equal(CaptureFormat.Pcap, reader.Format);
        Assert.Equal(nanoseconds ? 9 : 6, reader.TimestampDigits);
        Assert.Equal([1L, 2L, 3L], packets.Select(p => p.Frame));
        long resolution = nanoseconds ? 1 : 1000;
        Assert.Equal(Three.Select(p => p.TimestampNs / resolution * resolution), packets.Select(p => p.TimeNs));
        Assert.Equal(Three.Select(p => p.WireLength), packets.Select(p => p.Original));
        Assert.All(packets.Zip(Three), pair => Assert.Equal(pair.Second.Data, pair.First.Data));
        Assert.All(packets, p => Assert.Equal(LinkType.Ethernet, p.Link));
    }

    [Fact]
    public void Read_GzipCompressedPcap_IsRecognisedByItsMagicBytes()
    {
        byte[] plain = PcapFileBuilder.Build(Three);
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(plain);
        }

        var (packets, end, reader) = ReadAll(compressed.ToArray());

        Assert.True(reader.IsCompressed);
        Assert.Equal(ReadStatus.EndOfFile, end);
        Assert.Equal(3, packets.Count);
    }

    [Fact]
    public void Read_HeaderOnlyFile_HasNoPacketsAndEndsCleanly()
    {
        var (packets, end, _) = ReadAll(PcapFileBuilder.Build([]));

        Assert.Empty(packets);
        Assert.Equal(ReadStatus.EndOfFile, end);
    }

    [Fact]
    public void Read_FileCutInsideAPacket_ReportsTheOffsetAndKeepsThePacketsBefore()
    {
        byte[] file = PcapFileBuilder.Build(Three);
        long thirdRecord = 24 + (16 + Three[0].Data.Length) + (16 + Three[1].Data.Length);
        byte[] cut = file[..(int)(thirdRecord + 16 + 100)];

        var (packets, end, reader) = ReadAll(cut);

        Assert.Equal(ReadStatus.Damaged, end);
        Assert.Equal(2, packets.Count);
        Assert.Equal(thirdRecord, reader.Fault!.Offset);
        Assert.Contains("cut short inside packet 3", reader.Fault.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FileCutInsideARecordHeader_IsDamaged()
    {
        byte[] file = PcapFileBuilder.Build(Three);
        long secondRecord = 24 + 16 + Three[0].Data.Length;

        var (packets, end, reader) = ReadAll(file[..(int)(secondRecord + 7)]);

        Assert.Equal(ReadStatus.Damaged, end);
        Assert.Single(packets);
        Assert.Equal(secondRecord, reader.Fault!.Offset);
        Assert.Contains("header of packet 2", reader.Fault.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ImpossibleRecordLength_IsDamagedAtThatRecord()
    {
        byte[] file = PcapFileBuilder.Build(Three);
        long secondRecord = 24 + 16 + Three[0].Data.Length;
        BitConverter.GetBytes(0x0100_0000u).CopyTo(file, secondRecord + 8); // captured length 16 MiB

        var (packets, end, reader) = ReadAll(file);

        Assert.Equal(ReadStatus.Damaged, end);
        Assert.Single(packets);
        Assert.Equal(secondRecord, reader.Fault!.Offset);
        Assert.Contains("claims 16777216 captured bytes", reader.Fault.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, "not a pcap or pcapng file")]
    [InlineData(new byte[0], "file is empty")]
    [InlineData(new byte[] { 0xD4, 0xC3 }, "too short")]
    public void Open_NotACapture_ThrowsWithAClearMessage(byte[] content, string expected)
    {
        var error = Assert.Throws<CaptureFormatException>(() => CaptureReader.FromStream(new MemoryStream(content), "x"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_GzipCutBeforeAnyData_SaysTheGzipDataHoldsNothing()
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(PcapFileBuilder.Build(Three));
        }

        byte[] cut = compressed.ToArray()[..10]; // the gzip header alone

        var error = Assert.Throws<CaptureFormatException>(() => CaptureReader.FromStream(new MemoryStream(cut), "x.gz"));

        Assert.Contains("the gzip data holds nothing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_UnsupportedVersion_Throws()
    {
        byte[] file = PcapFileBuilder.Build(Three);
        file[4] = 1; // major version 1

        var error = Assert.Throws<CaptureFormatException>(() => CaptureReader.FromStream(new MemoryStream(file), "x"));

        Assert.Contains("unsupported pcap version 1.4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_TruncatedFileHeader_Throws()
    {
        byte[] file = PcapFileBuilder.Build(Three)[..20];

        var error = Assert.Throws<CaptureFormatException>(() => CaptureReader.FromStream(new MemoryStream(file), "x"));

        Assert.Contains("header is cut short", error.Message, StringComparison.Ordinal);
    }
}
