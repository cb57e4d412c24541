using System.Reflection;
using System.Runtime.InteropServices;

namespace PcapSurvival.Capture;

/// <summary>
/// The two libpcap calls SharpPcap gets wrong or does not expose: <c>pcap_stats</c> (SharpPcap declares
/// <c>struct pcap_stat</c> with pointer-sized fields, so on Linux x64 it reports ps_ifdrop as the drops) and
/// <c>pcap_dump_flush</c>.
/// </summary>
internal static partial class LibpcapNative
{
    private const string Library = "pcap";

    // The names SharpPcap's own resolver tries, in its order, so both end up on the same loaded library.
    private static readonly string[] Candidates = ["libpcap.so", "libpcap.so.0", "libpcap.so.0.8", "libpcap.so.1"];

    static LibpcapNative() => NativeLibrary.SetDllImportResolver(typeof(LibpcapNative).Assembly, Resolve);

    /// <summary>libpcap's <c>struct pcap_stat</c> on Linux: three <c>u_int</c>s.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct PcapStat
    {
        public uint Received;
        public uint Dropped;
        public uint InterfaceDropped;
    }

    /// <exception cref="DllNotFoundException">libpcap is not installed.</exception>
    public static bool TryGetStats(SafeHandle pcap, out PcapStat stat) => pcap_stats(pcap, out stat) == 0;

    public static int DumpFlush(IntPtr dumper) => pcap_dump_flush(dumper);

    [LibraryImport(Library)]
    private static partial int pcap_stats(SafeHandle p, out PcapStat stat);

    [LibraryImport(Library)]
    private static partial int pcap_dump_flush(IntPtr dumper);

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != Library)
        {
            return IntPtr.Zero;
        }

        foreach (string candidate in Candidates)
        {
            if (NativeLibrary.TryLoad(candidate, assembly, searchPath, out var handle))
            {
                return handle;
            }
        }

        return IntPtr.Zero;
    }
}
