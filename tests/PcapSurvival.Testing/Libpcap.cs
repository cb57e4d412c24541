namespace PcapSurvival.Testing;

/// <summary>Whether libpcap (needed for BPF filters and live capture) is installed.</summary>
public static class Libpcap
{
    public const string SkipReason = "libpcap is not installed (apt-get install libpcap0.8); BPF filters and live capture need it";

    public static bool IsInstalled { get; } =
        new[] { "/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib", "/lib/x86_64-linux-gnu" }
            .Any(dir => Directory.Exists(dir) && Directory.EnumerateFiles(dir, "libpcap.so*").Any());
}
