using BenchmarkDotNet.Running;
using PcapSurvival.Benchmarks;

// dotnet run -c Release --project tools/PcapSurvival.Benchmarks -- --filter '*' [--job short]
// dotnet run -c Release --project tools/PcapSurvival.Benchmarks -- --write-captures DIR   (the synthetic captures, to inspect)
if (args is ["--write-captures", var directory])
{
    Directory.CreateDirectory(directory);
    File.WriteAllBytes(Path.Combine(directory, "bench-bulk.pcap"), SyntheticCapture.Bulk(AnalyzerBenchmarks.Packets));
    File.WriteAllBytes(Path.Combine(directory, "bench-many.pcap"), SyntheticCapture.Many(AnalyzerBenchmarks.Packets));
    Console.WriteLine($"wrote {directory}/bench-bulk.pcap and {directory}/bench-many.pcap");
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(SyntheticCapture).Assembly).Run(args);
