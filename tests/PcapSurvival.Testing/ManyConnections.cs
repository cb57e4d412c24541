using PcapSurvival.Core.Pipeline;

namespace PcapSurvival.Testing;

/// <summary>A capture of many short connections of every kind, for tests of what the analysis does across connections.</summary>
public static class ManyConnections
{
    public const int Count = 360;

    /// <summary>Timeouts short enough that most connections are finished, as idle, while later ones start.</summary>
    public static AnalysisOptions Options { get; } = new()
    {
        IdleTimeout = TimeSpan.FromSeconds(30),
        FinishedTimeout = TimeSpan.FromSeconds(1),
    };

    /// <summary>
    /// Connections starting every 250 ms, each finished within a few seconds, so that with a 1 s finished timeout
    /// most are evicted while later ones start: closed normally, reset, refused, stalled with an outage, never
    /// answered (evicted after the 30 s idle timeout), picked up midstream; client ports repeat every 40 connections
    /// with a new initial sequence number (reused ports).
    /// </summary>
    /// <param name="count">How many connections: the default's packets fit in one of the analysis' batches of 8,192.</param>
    /// <param name="unansweredSyns">SYNs from distinct sources, never answered, spread over the same time.</param>
    public static byte[] Capture(int count = Count, int unansweredSyns = 0)
    {
        var packets = new List<TestPacket>();
        for (int i = 0; i < count; i++)
        {
            var start = Scenario.Start(clientIsn: 1000 + ((uint)i * 7919), serverIsn: 5000 + ((uint)i * 104_729), clientPort: (ushort)(40000 + (i % 40)));
            var scenario = (i % 6) switch
            {
                0 => start.Handshake().Client(20, 1, 1, len: 100, flags: "PA").Server(30, 1, 101, len: 500, flags: "PA")
                    .Client(31, 101, 501).Client(40, 101, 501, flags: "FA").Server(50, 501, 102, flags: "FA").Client(51, 102, 502),
                1 => start.Handshake().Client(20, 1, 1, len: 100, flags: "PA").Server(30, 1, 101, flags: "RA"),
                2 => start.Client(0, 0, 0, flags: "S").Server(1, 0, 1, flags: "RA"),
                3 => start.Handshake().Client(20, 1, 1, len: 100, flags: "PA").Client(220, 1, 1, len: 100, flags: "PA")
                    .Client(620, 1, 1, len: 100, flags: "PA").Client(1420, 1, 1, len: 100, flags: "PA")
                    .Client(3020, 1, 1, len: 100, flags: "PA").Server(3030, 1, 101)
                    .Client(3040, 101, 1, flags: "FA").Server(3050, 1, 102, flags: "FA").Client(3051, 102, 2),
                4 => start.Client(0, 0, 0, flags: "S").Client(1000, 0, 0, flags: "S").Client(3000, 0, 0, flags: "S"),
                _ => start.Client(0, 1, 1, len: 50, flags: "PA").Server(10, 1, 51).Client(20, 51, 1, len: 50, flags: "PA")
                    .Server(30, 1, 101, flags: "RA"),
            };

            packets.AddRange(scenario.Packets(offsetMs: i * 250));
        }

        for (int i = 0; i < unansweredSyns; i++)
        {
            var source = new System.Net.IPAddress([172, 16, (byte)(i >> 8), (byte)i]);
            var syn = PacketFactory.Ethernet(new TcpSpec { Source = source, SourcePort = 50000, Flags = "S", Sequence = 9 });
            packets.Add(new TestPacket(Scenario.StartNs + 3_000_000 + (i * 250L * count / unansweredSyns * 1_000_000), syn));
        }

        return PcapFileBuilder.Build([.. packets.OrderBy(p => p.TimestampNs)], nanoseconds: true);
    }
}
