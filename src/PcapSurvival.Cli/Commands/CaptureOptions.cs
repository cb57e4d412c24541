using System.CommandLine;
using PcapSurvival.Capture;

namespace PcapSurvival.Cli.Commands;

/// <summary>The options only capture has; the analysis and output options come from <see cref="SharedOptions"/>.</summary>
internal sealed class CaptureOptions
{
    public Option<string> Interface { get; } = new("--interface", "-i")
    {
        Description = "Interface to capture on, by name or by its number in pcapsurvival interfaces",
        Required = true,
        HelpName = "iface",
    };

    public Option<string?> Write { get; } = new("--write", "-w")
    {
        Description = "Write every captured packet to this pcap file (nanosecond timestamps, original lengths), flushed every second",
        HelpName = "file",
    };

    public Option<long?> Count { get; } = new("--count", "-c")
    {
        Description = "Stop after this many packets",
        CustomParser = r => OptionValues.WholeNumber(r, "--count", 1, long.MaxValue, "must be a positive number of packets"),
        HelpName = "n",
    };

    public Option<TimeSpan?> Duration { get; } = new("--duration")
    {
        Description = "Stop after this long: 30s, 5m, 1h, 500ms or hh:mm:ss",
        HelpName = "t",
        CustomParser = r => OptionValues.Duration(r, "--duration", 1, allowZero: false,
            "must be at least 1 ms: seconds, or 30s, 5m, 1h, 500ms, hh:mm:ss"),
    };

    public Option<TimeSpan?> StatusEvery { get; } = new("--status-every")
    {
        Description = "While an outage lasts, print each stalled connection's standing this often: stalled for, next retransmission due, budget used (on a terminal the status line shows it anyway)",
        HelpName = "t",
        CustomParser = r => OptionValues.Duration(r, "--status-every", 1, allowZero: false,
            "must be at least 1 ms: seconds, or 30s, 5m, 1h, 500ms, hh:mm:ss"),
    };

    public Option<int> Snaplen { get; } = new("--snaplen", "-s")
    {
        Description = "Bytes kept of each packet",
        DefaultValueFactory = _ => LiveCaptureOptions.DefaultSnaplen,
        CustomParser = r => (int)OptionValues.WholeNumber(r, "--snaplen", 1, LiveCaptureOptions.DefaultSnaplen,
            $"must be a whole number from 1 to {LiveCaptureOptions.DefaultSnaplen}"),
        HelpName = "bytes",
    };

    public Option<int> Buffer { get; } = new("--buffer", "-B")
    {
        Description = "Kernel ring buffer in MiB; raise it if the kernel drops packets",
        DefaultValueFactory = _ => LiveCaptureOptions.DefaultBufferMegabytes,
        CustomParser = r => (int)OptionValues.WholeNumber(r, "--buffer", 1, 2047, "must be a whole number of MiB from 1 to 2047"),
        HelpName = "MiB",
    };

    public Option<bool> NoPromiscuous { get; } = new("--no-promiscuous", "-p")
    {
        Description = "Do not put the interface into promiscuous mode",
    };

    public IEnumerable<Option> All => [Interface, Write, Count, Duration, StatusEvery, Snaplen, Buffer, NoPromiscuous];
}
