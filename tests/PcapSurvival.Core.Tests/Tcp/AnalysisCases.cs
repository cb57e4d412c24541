using PcapSurvival.Testing;

namespace PcapSurvival.Core.Tests.Tcp;

/// <summary>
/// One scenario per Wireshark analysis flag (and the tricky cases around them), written as tables of segments.
/// Frames 1-3 are the handshake when a scenario starts with <see cref="Scenario.Handshake"/>: SYN at 0 ms,
/// SYN/ACK at 10 ms, ACK at 10.1 ms, so the handshake RTT (Wireshark's out-of-order threshold) is 10.1 ms.
/// Sequence and acknowledgment numbers are relative, as Wireshark shows them.
/// </summary>
public static class AnalysisCases
{
    public static readonly AnalysisCase[] All =
    [
        new("retransmission after a timeout", () => Scenario.Start().Handshake()
                .Client(20, 1, 1, len: 100)
                .Client(300, 1, 1, len: 100),
            new Dictionary<long, string> { [5] = "retransmission" }),

        new("fast retransmission after two duplicate ACKs", () => Scenario.Start().Handshake()
                .Client(20, 1, 1, len: 100)
                .Client(21, 101, 1, len: 100)
                .Client(22, 201, 1, len: 100)
                .Server(40, 1, 101)
                .Server(41, 1, 101)
                .Server(42, 1, 101)
                .Client(45, 101, 1, len: 100),
            new Dictionary<long, string> { [8] = "duplicate_ack", [9] = "duplicate_ack", [10] = "fast_retransmission" }),

        new("fast retransmission needs the dup ACKs within 20 ms", () => Scenario.Start().Handshake()
                .Client(20, 1, 1, len: 100)
                .Client(21, 101, 1, len: 100)
                .Server(40, 1, 101)
                .Server(41, 1, 101)
                .Server(42, 1, 101)
                .Client(80, 101, 1, len: 100),
            new Dictionary<long, string> { [7] = "duplicate_ack", [8] = "duplicate_ack", [9] = "retransmission" }),

        new("spurious retransmission of acknowledged data", () => Scenario.Start().Handshake()
                .Client(20, 1, 1, len: 100)
                .Server(30, 1, 101)
                .Client(300, 1, 1, len: 100),
            new Dictionary<long, string> { [6] = "spurious_retransmission" }),

        new("out of order within the handshake RTT", () => Scenario.Start().Handshake()
                .Client(20, 101, 1, len: 100)
                .Client(22, 1, 1, len: 100),
            new Dictionary<long, string> { [4] = "lost_segment", [5] = "out_of_order" }),

        new("late segment after the handshake RTT is a retransmission", () => Scenario.Start().Handshake()
                .Client(20, 101, 1, len: 100)
                .Client(60, 1, 1, len: 100),
            new Dictionary<long, string> { [4] = "lost_segment", [5] = "retransmission" }),

        new("ACK for data never captured", () => Scenario.Start().Handshake()
                .Server(20, 1, 101),
            new Dictionary<long, string> { [4] = "ack_lost_segment" }),

        new("zero window", () => Scenario.Start().Handshake()
                .Client(20, 1, 1, len: 100)
                .Server(30, 1, 101, window: 0),
            new Dictionary<long, string> { [5] = "zero_window" }),

        new("zero window probe and its answer", () => Scenario.Start().Handshake()
                .Client(20, 1, 1, len: 100)
                .Server(30, 1, 101, window: 0)
                .Client(500, 101, 1, len: 1)
                .Server(510, 1, 101, window: 0),
            new Dictionary<long, string> { [5] = "zero_window", [6] = "zero_window_probe", [7] = "zero_window;zero_window_probe_ack" }),

        new("keep-alive and its answer, never a retransmission", () => Scenario.Start().Handshake()
                .Client(20, 1, 1, len: 100)
                .Server(30, 1, 101)
                .Client(5000, 100, 1, len: 1)
                .Server(5010, 1, 101),
            new Dictionary<long, string> { [6] = "keep_alive", [7] = "keep_alive_ack" }),

        new("window update", () => Scenario.Start().Handshake()
                .Client(20, 1, 1, len: 100)
                .Server(30, 1, 101)
                .Server(40, 1, 101, window: 2000),
            new Dictionary<long, string> { [6] = "window_update" }),

        new("segment filling the receiver's window", () => Scenario.Start().Handshake()
                .Client(20, 1, 1, len: 1000),
            new Dictionary<long, string> { [4] = "window_full" }),

        new("duplicate ACKs are numbered and reset by a new ACK", () => Scenario.Start().Handshake()
                .Client(20, 1, 1, len: 100)
                .Server(30, 1, 101)
                .Server(31, 1, 101)
                .Server(32, 1, 101)
                .Client(40, 101, 1, len: 100)
                .Server(50, 1, 201)
                .Server(51, 1, 201),
            new Dictionary<long, string> { [6] = "duplicate_ack", [7] = "duplicate_ack", [10] = "duplicate_ack" }),

        new("port reuse after a close starts a new stream", () => Scenario.Start().Handshake()
                .Client(20, 1, 1, flags: "FA")
                .Server(30, 1, 2, flags: "FA")
                .Client(31, 2, 2)
                .Client(1000, 100000, 0, flags: "S")
                .Server(1010, 200000, 100001, flags: "SA")
                .Client(1011, 100001, 200001),
            new Dictionary<long, string> { [7] = "reused_ports" }),

        new("retransmitted SYN", () => Scenario.Start()
                .Client(0, 0, 0, flags: "S")
                .Client(1000, 0, 0, flags: "S")
                .Server(1010, 0, 1, flags: "SA")
                .Client(1011, 1, 1),
            new Dictionary<long, string> { [2] = "retransmission" }),

        new("sequence numbers wrapping past 2^32", () => Scenario.Start(clientIsn: 0xFFFF_FF00, serverIsn: 0xFFFF_FFF0).Handshake()
                .Client(20, 1, 1, len: 500)
                .Server(30, 1, 501)
                .Client(40, 501, 1, len: 500)
                .Client(400, 501, 1, len: 500),
            new Dictionary<long, string> { [7] = "retransmission" }),

        new("connection picked up midstream", () => Scenario.Start()
                .Client(0, 1000, 500, len: 100)
                .Server(10, 500, 1100)
                .Client(20, 1100, 500, len: 100)
                .Client(300, 1100, 500, len: 100),
            new Dictionary<long, string> { [4] = "retransmission" }),

        new("RST is not a lost segment", () => Scenario.Start().Handshake()
                .Client(20, 500, 1, flags: "R"),
            new Dictionary<long, string>()),

        new("IPv6 retransmission", () => Scenario.Start(ipv6: true).Handshake()
                .Client(20, 1, 1, len: 100)
                .Client(300, 1, 1, len: 100),
            new Dictionary<long, string> { [5] = "retransmission" }),
    ];

    public static TheoryData<string> Names() => [.. All.Select(c => c.Name)];

    public static AnalysisCase Get(string name) => All.Single(c => c.Name == name);
}
