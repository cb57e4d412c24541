using BenchmarkDotNet.Attributes;
using PcapSurvival.Core.Pipeline;
using PcapSurvival.Core.Reading;
using PcapSurvival.Core.Sinks;

namespace PcapSurvival.Benchmarks;

/// <summary>
/// TrafficAnalyzer.Process over a synthetic capture with a sink that only counts: <see cref="Process"/> hands it
/// packets straight from memory, <see cref="ReadAndProcess"/> reads them with CaptureReader first.
/// Times and allocations are per packet, including the analyzer's set-up and Complete() spread over the packets.
/// </summary>
[MemoryDiagnoser]
public class AnalyzerBenchmarks : SyntheticCaptureBenchmark
{
    private readonly AnalysisOptions _options = new();
    private readonly CaptureInfo _capture = new("bench.pcap", 6);

    [Benchmark(OperationsPerInvoke = Packets)]
    public long Process()
    {
        var sink = new NullSink();
        var analyzer = new TrafficAnalyzer(_capture, _options, sink);
        var index = Index;
        for (int i = 0; i < index.Count; i++)
        {
            int offset = index.Offsets[i];
            var data = Pcap.AsSpan(offset, index.CapturedLengths[i]);
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
        using var reader = CaptureReader.FromStream(new MemoryStream(Pcap, writable: false), "bench.pcap");
        while (reader.Read(out var packet) == ReadStatus.Packet)
        {
            analyzer.Process(packet);
        }

        analyzer.Complete();
        return sink.Packets;
    }
}
