using BenchmarkDotNet.Attributes;
using PcapSurvival.Core.Reading;

namespace PcapSurvival.Benchmarks;

/// <summary>
/// CaptureReader over an in-memory pcap. <see cref="Read"/> reads all packets (times and allocations per packet,
/// the reader's own set-up spread over them); <see cref="OpenAndReadOne"/> is that set-up alone, once per file.
/// </summary>
[MemoryDiagnoser]
public class ReaderBenchmarks
{
    public const int Packets = 100_000;

    private byte[] _pcap = [];

    [GlobalSetup]
    public void Setup() => _pcap = SyntheticCapture.Bulk(Packets);

    [Benchmark(OperationsPerInvoke = Packets)]
    public long Read()
    {
        // The reader owns the stream and disposes it.
        using var reader = CaptureReader.FromStream(new MemoryStream(_pcap, writable: false), "bench.pcap");
        long bytes = 0;
        while (reader.Read(out var packet) == ReadStatus.Packet)
        {
            bytes += packet.CapturedLength;
        }

        return bytes;
    }

    [Benchmark]
    public long OpenAndReadOne()
    {
        using var reader = CaptureReader.FromStream(new MemoryStream(_pcap, writable: false), "bench.pcap");
        return reader.Read(out var packet) == ReadStatus.Packet ? packet.CapturedLength : 0;
    }
}
