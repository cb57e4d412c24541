using PcapSurvival.Core.Reading;
using PcapSurvival.Testing;

namespace PcapSurvival.Core.Tests.Reading;

/// <summary>A few distinct packets to write in every format, and a helper that reads a capture back completely.</summary>
internal static class ReaderTestPackets
{
    public static readonly TestPacket[] Three =
    [
        new(Scenario.StartNs + 123_456_789, PacketFactory.Ethernet(new TcpSpec { Sequence = 1, Flags = "S" })),
        new(Scenario.StartNs + 1_000_000_001, PacketFactory.Ethernet(new TcpSpec { Sequence = 2, PayloadLength = 10 })),
        new(Scenario.StartNs + 2_500_000_000, PacketFactory.Ethernet(new TcpSpec { Sequence = 3, PayloadLength = 1400 }), OriginalLength: 2000),
    ];

    public static (List<(long Frame, long TimeNs, LinkType Link, int Original, byte[] Data, long Offset)> Packets, ReadStatus End, CaptureReader Reader) ReadAll(byte[] file)
    {
        var reader = CaptureReader.FromStream(new MemoryStream(file), "test");
        var packets = new List<(long, long, LinkType, int, byte[], long)>();
        ReadStatus status;
        while ((status = reader.Read(out var packet)) == ReadStatus.Packet)
        {
            packets.Add((packet.FrameNumber, packet.TimestampNs, packet.LinkType, packet.OriginalLength, packet.Data.ToArray(), packet.FileOffset));
        }

        return (packets, status, reader);
    }
}
