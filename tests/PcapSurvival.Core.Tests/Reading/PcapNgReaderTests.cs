using PcapSurvival.Core.Reading;
using PcapSurvival.Testing;
using static PcapSurvival.Core.Tests.Reading.ReaderTestPackets;

namespace PcapSurvival.Core.Tests.Reading;

public class PcapNgReaderTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Read_EnhancedSimpleAndObsoleteBlocks_InEitherByteOrder(bool bigEndian)
    {
        byte[] file = new PcapNgBuilder(bigEndian).Section().Interface(1, resolution: 9)
            .Enhanced(Three[0]).Simple(Three[1]).Obsolete(Three[2]).Build();

        var (packets, end, reader) = ReadAll(file);

        Assert.Equal(ReadStatus.EndOfFile, end);
        Assert.Equal(CaptureFormat.PcapNg, reader.Format);
        Assert.Equal(9, reader.TimestampDigits);
        Assert.Equal([1L, 2L, 3L], packets.Select(p => p.Frame));
        Assert.Equal(Three[0].TimestampNs, packets[0].TimeNs);
        Assert.Equal(0, packets[1].TimeNs); // simple packet blocks carry no timestamp
        Assert.Equal(Three[2].TimestampNs, packets[2].TimeNs);
        Assert.Equal(2000, packets[2].Original);
        Assert.All(packets.Zip(Three), pair => Assert.Equal(pair.Second.Data, pair.First.Data));
    }

    [Fact]
    public void Read_InterfacesWithTheirOwnLinkTypeAndResolution()
    {
        byte[] raw = PacketFactory.RawIp(new TcpSpec { Sequence = 9 });
        byte[] file = new PcapNgBuilder().Section()
            .Interface(1, resolution: 6)
            .Interface(101, resolution: 9)
            .Interface(1, resolution: 0x80 | 20)
            .Interface(1, resolution: 2)
            .Enhanced(Three[0] with { Interface = 0 })
            .Enhanced(new TestPacket(Three[1].TimestampNs, raw, Interface: 1))
            .Enhanced(Three[2] with { Interface = 2 })
            .Enhanced(Three[0] with { Interface = 3 })
            .Build();

        var (packets, _, reader) = ReadAll(file);

        Assert.Equal([LinkType.Ethernet, LinkType.Raw, LinkType.Ethernet, LinkType.Ethernet], packets.Select(p => p.Link));
        Assert.Equal(Three[0].TimestampNs / 1000 * 1000, packets[0].TimeNs);
        Assert.Equal(Three[1].TimestampNs, packets[1].TimeNs);
        Assert.InRange(packets[2].TimeNs, Three[2].TimestampNs - 1000, Three[2].TimestampNs); // 2^-20 s ticks
        Assert.Equal(Three[0].TimestampNs / 10_000_000 * 10_000_000, packets[3].TimeNs); // centiseconds
        Assert.Equal(9, reader.TimestampDigits);
    }

    [Fact]
    public void Read_SeveralSectionsOfDifferentByteOrder_NumbersFramesAcrossThem()
    {
        byte[] file = new PcapNgBuilder().Section().Interface(1).Enhanced(Three[0])
            .Section(bigEndian: true).Interface(1).Enhanced(Three[1]).Enhanced(Three[2]).Build();

        var (packets, end, _) = ReadAll(file);

        Assert.Equal(ReadStatus.EndOfFile, end);
        Assert.Equal([1L, 2L, 3L], packets.Select(p => p.Frame));
    }

    [Fact]
    public void Read_UnknownBlocks_AreSkipped()
    {
        byte[] file = new PcapNgBuilder().Section().Other(0x0BAD, [1, 2, 3]).Interface(1)
            .Other(5, new byte[20]).Enhanced(Three[0]).Other(0x40000BAD, new byte[9]).Build();

        var (packets, end, _) = ReadAll(file);

        Assert.Equal(ReadStatus.EndOfFile, end);
        Assert.Single(packets);
    }

    [Fact]
    public void Read_CustomBlocks_TakeAFrameNumber_AsInWireshark()
    {
        byte[] file = new PcapNgBuilder().Section().Other(0x0BAD, [1, 2, 3, 4]).Interface(1).Enhanced(Three[0])
            .Other(5, new byte[20]).Enhanced(Three[1]).Other(0x40000BAD, new byte[8]).Enhanced(Three[2]).Build();

        var (packets, end, _) = ReadAll(file);

        Assert.Equal(ReadStatus.EndOfFile, end);
        Assert.Equal([2L, 3L, 5L], packets.Select(p => p.Frame)); // as tshark numbers them: 1 and 4 are the custom blocks; the statistics block (5) is no frame
    }

    [Fact]
    public void Read_BlockLengthMismatch_IsDamagedAtThatBlock()
    {
        var builder = new PcapNgBuilder().Section().Interface(1).Enhanced(Three[0]);
        int secondBlock = builder.Build().Length;
        byte[] file = builder.Enhanced(Three[1]).Build();
        file[^4] ^= 0x04;

        var (packets, end, reader) = ReadAll(file);

        Assert.Equal(ReadStatus.Damaged, end);
        Assert.Single(packets);
        Assert.Equal(secondBlock, reader.Fault!.Offset);
        Assert.Contains("ends with length", reader.Fault.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ImpossibleBlockLength_IsDamaged()
    {
        var builder = new PcapNgBuilder().Section().Interface(1);
        int packetBlock = builder.Build().Length;
        byte[] file = builder.Enhanced(Three[0]).Build();
        BitConverter.GetBytes(7u).CopyTo(file, packetBlock + 4);

        var (packets, end, reader) = ReadAll(file);

        Assert.Equal(ReadStatus.Damaged, end);
        Assert.Empty(packets);
        Assert.Equal(packetBlock, reader.Fault!.Offset);
        Assert.Contains("impossible length of 7", reader.Fault.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FileCutInsideABlock_KeepsThePacketsBefore()
    {
        byte[] file = new PcapNgBuilder().Section().Interface(1).Enhanced(Three[0]).Enhanced(Three[1]).Build();

        var (packets, end, reader) = ReadAll(file[..^10]);

        Assert.Equal(ReadStatus.Damaged, end);
        Assert.Single(packets);
        Assert.Contains("cut short inside a block", reader.Fault!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_PacketForAnUndefinedInterface_IsDamaged()
    {
        byte[] file = new PcapNgBuilder().Section().Interface(1).Enhanced(Three[0] with { Interface = 3 }).Build();

        var (_, end, reader) = ReadAll(file);

        Assert.Equal(ReadStatus.Damaged, end);
        Assert.Contains("refers to interface 3", reader.Fault!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 1, "unsupported pcapng version 0.1")]
    [InlineData(1, 1, "unsupported pcapng version 1.1")]
    public void Open_UnsupportedSectionVersion_Throws(ushort major, ushort minor, string expected)
    {
        byte[] file = new PcapNgBuilder().Section(major: major, minor: minor).Build();

        var error = Assert.Throws<CaptureFormatException>(() => CaptureReader.FromStream(new MemoryStream(file), "x"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_BadByteOrderMagic_Throws()
    {
        byte[] file = new PcapNgBuilder().Section().Build();
        file[8] = 0x55;

        var error = Assert.Throws<CaptureFormatException>(() => CaptureReader.FromStream(new MemoryStream(file), "x"));

        Assert.Contains("byte-order magic", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, error.Offset);
    }

    [Theory]
    [InlineData(long.MaxValue, 9_223_372_036_001_000_000L)] // 2^63-1 s: the most whole seconds a timestamp holds
    [InlineData(long.MinValue, -9_223_372_035_999_000_000L)]
    [InlineData(1_000_000_000L, long.MaxValue)] // the offset alone fits; the sum does not
    [InlineData(-5L, 1_000_000L - 5_000_000_000L)]
    public void Read_HugeTimestampOffset_IsClampedNotWrapped(long offsetSeconds, long expectedNs)
    {
        long timeNs = offsetSeconds == 1_000_000_000L ? 8_300_000_000_000_000_000L : 1_000_000L;
        byte[] file = new PcapNgBuilder().Section().Interface(1, resolution: 9, offsetSeconds: offsetSeconds)
            .Enhanced(Three[0] with { TimestampNs = timeNs }).Build();

        var (packets, end, _) = ReadAll(file);

        Assert.Equal(ReadStatus.EndOfFile, end);
        Assert.Equal(expectedNs, Assert.Single(packets).TimeNs);
    }
}
