using BenchmarkDotNet.Attributes;
using PcapSurvival.Core.Decoding;
using PcapSurvival.Core.Reading;

namespace PcapSurvival.Benchmarks;

/// <summary>PacketDecoder.Decode over the packets of an in-memory capture; times and allocations are per packet.</summary>
[MemoryDiagnoser]
public class DecoderBenchmarks : SyntheticCaptureBenchmark
{
    private TcpSegment _segment;

    [Benchmark(OperationsPerInvoke = Packets)]
    public int Decode()
    {
        var index = Index;
        int tcp = 0;
        for (int i = 0; i < index.Count; i++)
        {
            var frame = Pcap.AsSpan(index.Offsets[i], index.CapturedLengths[i]);
            if (PacketDecoder.Decode(LinkType.Ethernet, frame, index.OriginalLengths[i], ref _segment) == DecodeOutcome.Tcp)
            {
                tcp++;
            }
        }

        return tcp;
    }
}
