using PcapSurvival.Core.Reading;
using PcapSurvival.Testing;

namespace PcapSurvival.Core.Tests.Reading;

/// <summary>Which files are one trace, and the merge by time of their packets (<see cref="CaptureSet"/>).</summary>
public class CaptureSetTests
{
    [Fact]
    public void InterleavedPieces_AreMergedByTime_EachPacketWithItsFileAndFrame()
    {
        // One capture's packets dealt alternately into two files, as two interfaces captured at once would hold them.
        var original = ReadShipped("ssh-survived-link.pcap");
        var files = new[]
        {
            PcapFileBuilder.Build(original.Where((_, i) => i % 2 == 0)),
            PcapFileBuilder.Build(original.Where((_, i) => i % 2 == 1)),
        };
        var pieces = CaptureSet.Group([Piece(0, "eth0.pcap", files[0]), Piece(1, "eth1.pcap", files[1])], merge: false, separate: false);

        var trace = Assert.Single(pieces);
        using var reader = CaptureReader.FromPieces("trace", trace, p => CaptureReader.FromStream(new MemoryStream(files[p.Index]), p.Name));
        var read = new List<(long Time, int Piece, long Frame, byte[] Data)>();
        while (reader.Read(out var packet) == ReadStatus.Packet)
        {
            read.Add((packet.TimestampNs, TraceFrame.Piece(packet.FrameNumber), TraceFrame.Number(packet.FrameNumber), packet.Data.ToArray()));
        }

        Assert.Equal(original.Count, read.Count);
        for (int i = 0; i < read.Count; i++)
        {
            // Frame n of piece p is the original's packet 2(n-1)+p; the merge puts every packet back in time order.
            var source = original[(int)(2 * (read[i].Frame - 1)) + read[i].Piece];
            Assert.Equal(source.TimestampNs, read[i].Time);
            Assert.Equal(source.Data, read[i].Data);
            Assert.True(i == 0 || read[i - 1].Time <= read[i].Time, $"packet {i} out of time order");
        }

        Assert.Empty(reader.PieceFaults);
        Assert.Equal(["eth0.pcap", "eth1.pcap"], reader.Files);
    }

    [Fact]
    public void Pieces_AreOrderedByTheirFirstPacket_NotByName()
    {
        var pieces = CaptureSet.Group(
            [Piece(0, "restart.pcap2", 300), Piece(1, "restart.pcap", 100), Piece(2, "restart.pcap1", 200)], merge: false, separate: false);

        Assert.Equal(["restart.pcap", "restart.pcap1", "restart.pcap2"], Assert.Single(pieces).Select(p => p.Name));
    }

    [Fact]
    public void OnlyNamesThatDifferInDigits_WithOneLinkType_AreOneTrace()
    {
        var pieces = CaptureSet.Group(
            [
                Piece(0, "a/run-20261202-1608.pcap", 100), Piece(1, "other.pcap", 150), Piece(2, "a/run-20261202-1610.pcap", 200),
                Piece(3, "a/run-20261202-1612.pcap", 300, LinkType.LinuxSll2), Piece(4, "-", 400) with { Alone = true },
            ],
            merge: false, separate: false);

        Assert.Equal([[0, 2], [1], [3], [4]], pieces.Select(t => t.Select(p => p.Index).ToArray()));
        Assert.Equal(5, CaptureSet.Group([Piece(0, "x1", 1), Piece(1, "x2", 2), Piece(2, "x3", 3), Piece(3, "y", 4), Piece(4, "z", 5)], false, separate: true).Count);
        Assert.Single(CaptureSet.Group([Piece(0, "x1", 1), Piece(1, "y", 2, LinkType.LinuxSll2)], merge: true, separate: false));
    }

    private static CapturePiece Piece(int index, string name, long firstNs, LinkType linkType = LinkType.Ethernet) =>
        new(index, name, name, firstNs, linkType, 6);

    private static CapturePiece Piece(int index, string name, byte[] file)
    {
        using var reader = CaptureReader.FromStream(new MemoryStream(file), name);
        return CaptureSet.Survey(index, name, reader);
    }

    private static List<TestPacket> ReadShipped(string name)
    {
        using var reader = CaptureReader.Open(CliRun.ShippedCapture(name));
        var packets = new List<TestPacket>();
        while (reader.Read(out var packet) == ReadStatus.Packet)
        {
            packets.Add(new TestPacket(packet.TimestampNs, packet.Data.ToArray(), packet.OriginalLength));
        }

        return packets;
    }
}
