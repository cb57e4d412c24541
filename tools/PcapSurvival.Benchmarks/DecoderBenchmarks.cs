using BenchmarkDotNet.Attributes;
using PcapSurvival.Core.Decoding;
using PcapSurvival.Core.Reading;

namespace PcapSurvival.Benchmarks;

/// <summary>PacketDecoder.Decode over the packets of an in-memory capture; times and allocations are per packet.</summary>
[MemoryDiagnoser]
public class DecoderBenchmarks
{
    public const int Packets = 100_000;

    private byte[] _pcap = [];
    private PacketIndex _index = null!;
    private TcpSegment _segment;

    [Params("bulk", "many")]
    public string Capture { get; set; } = "bulk";

    [GlobalSetup]
    public void Setup()
    {
        _pcap = Capture == "bulk" ? SyntheticCapture.Bulk(Packets) : SyntheticCapture.Many(Packets);
        _index = new PacketIndex(_pcap);
    }

    [Benchmark(OperationsPerInvoke = Packets)]
    public int Decode()
    {
        var index = _index;
        int tcp = 0;
        for (int i = 0; i < index.Count; i++)
        {
            var frame = _pcap.AsSpan(index.Offsets[i], index.CapturedLengths[i]);
            if (PacketDecoder.Decode(LinkType.Ethernet, frame, index.OriginalLengths[i], ref _segment) == DecodeOutcome.Tcp)
            {
                tcp++;
            }
        }

        return tcp;
    }
}
