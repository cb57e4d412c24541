using BenchmarkDotNet.Running;
using PcapSurvival.Benchmarks;

// dotnet run -c Release --project tools/PcapSurvival.Benchmarks -- --filter '*' [--job short]
// dotnet run -c Release --project tools/PcapSurvival.Benchmarks -- --write-captures DIR   (the synthetic captures, to inspect)
// dotnet run -c Release --project tools/PcapSurvival.Benchmarks -- --write-flood syn|tiny|random6|colliding6 N FILE
if (args is ["--write-captures", var directory])
{
    Directory.CreateDirectory(directory);
    File.WriteAllBytes(Path.Combine(directory, "bench-bulk.pcap"), SyntheticCapture.Bulk(AnalyzerBenchmarks.Packets));
    File.WriteAllBytes(Path.Combine(directory, "bench-many.pcap"), SyntheticCapture.Many(AnalyzerBenchmarks.Packets));
    Console.WriteLine($"wrote {directory}/bench-bulk.pcap and {directory}/bench-many.pcap");
    return;
}

if (args is ["--write-flood", var kind, var count, var file])
{
    using (var output = File.Create(file))
    {
        FloodCapture.Write(kind, int.Parse(count, System.Globalization.CultureInfo.InvariantCulture), output);
    }

    Console.WriteLine($"wrote {file}: {count} connections of kind {kind}");
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(SyntheticCapture).Assembly).Run(args);
