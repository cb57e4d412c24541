using BenchmarkDotNet.Attributes;

namespace PcapSurvival.Benchmarks;

/// <summary>What the decoder and analyzer benchmarks share: one synthetic capture per parameter, indexed in memory.</summary>
public abstract class SyntheticCaptureBenchmark
{
    public const int Packets = 100_000;

    protected byte[] Pcap { get; private set; } = [];

    private protected PacketIndex Index { get; private set; } = null!;

    /// <summary>bulk: 16 long connections with periodic loss; many: short connections, 200 at a time.</summary>
    [Params("bulk", "many")]
    public string Capture { get; set; } = "bulk";

    [GlobalSetup]
    public void Setup()
    {
        Pcap = Capture == "bulk" ? SyntheticCapture.Bulk(Packets) : SyntheticCapture.Many(Packets);
        Index = new PacketIndex(Pcap);
    }
}
