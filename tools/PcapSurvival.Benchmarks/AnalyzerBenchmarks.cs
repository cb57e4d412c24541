using BenchmarkDotNet.Attributes;
using PcapSurvival.Core.Pipeline;
using PcapSurvival.Core.Reading;

namespace PcapSurvival.Benchmarks;

/// <summary>
/// TrafficAnalyzer.Process over a synthetic capture with a sink that only counts: <see cref="Process"/> hands it
/// packets straight from memory, <see cref="ReadAndProcess"/> reads them with CaptureReader first.
/// Times and allocations are per packet, including the analyzer's set-up and Complete() spread over the packets.
/// </summary>
[MemoryDiagnoser]
public class AnalyzerBenchmarks
{
    public const int Packets = 100_000;

    private readonly AnalysisOptions _options = new();
    private readonly CaptureInfo _capture = new("bench.pcap", 6);
    private byte[] _pcap = [];
    private PacketIndex _index = null!;

    /// <summary>bulk: 16 long connections with periodic loss; many: short connections, 200 at a time.</summary>
    [Params("bulk", "many")]
    public string Capture { get; set; } = "bulk";

    [GlobalSetup]
    public void Setup()
    {
        _pcap = Capture == "bulk" ? SyntheticCapture.Bulk(Packets) : SyntheticCapture.Many(Packets);
        _index = new PacketIndex(_pcap);
    }

    [Benchmark(OperationsPerInvoke = Packets)]
    public long Process()
    {
        var sink = new NullSink();
        var analyzer = new TrafficAnalyzer(_capture, _options, sink);
        var index = _index;
        for (int i = 0; i < index.Count; i++)
        {
            int offset = index.Offsets[i];
            var data = _pcap.AsSpan(offset, index.CapturedLengths[i]);
            analyzer.Process(new RawPacket(i + 1, index.TimestampsNs[i], LinkType.Ethernet, index.OriginalLengths[i], data, offset));
        }

        analyzer.Complete();
        return sink.Packets;
    }

    [Benchmark(OperationsPerInvoke = Packets)]
    public long ReadAndProcess()
    {
        var sink = new NullSink();
        var analyzer = new TrafficAnalyzer(_capture, _options, sink);
        using var reader = CaptureReader.FromStream(new MemoryStream(_pcap, writable: false), "bench.pcap");
        while (reader.Read(out var packet) == ReadStatus.Packet)
        {
            analyzer.Process(packet);
        }

        analyzer.Complete();
        return sink.Packets;
    }
}
