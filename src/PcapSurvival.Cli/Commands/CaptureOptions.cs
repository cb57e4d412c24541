using System.CommandLine;
using System.CommandLine.Parsing;
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

    public Option<long?> FileSize { get; } = new("--file-size", "-C")
    {
        Description = "With -w: start a new file once the current one holds more than this many million bytes (tcpdump -C): FILE, FILE1, FILE2 ...",
        CustomParser = r => OptionValues.WholeNumber(r, "--file-size", 1, long.MaxValue / 1_000_000, "must be a positive whole number of millions of bytes"),
        HelpName = "MB",
    };

    public Option<int?> FileCount { get; } = new("--file-count", "-W")
    {
        Description = "With -C: a ring of this many files, FILE0 ... FILE<N-1>, overwritten in turn; with -G alone: keep the newest N files (tcpdump -W)",
        CustomParser = r => (int)OptionValues.WholeNumber(r, "--file-count", 1, 100_000, "must be a whole number of files from 1 to 100000"),
        HelpName = "n",
    };

    public Option<int?> RotateSeconds { get; } = new("--rotate-seconds", "-G")
    {
        Description = "With -w: start a new file every this many seconds, its name FILE through strftime, e.g. -w 'restart-%Y%m%d-%H%M%S.pcap' (tcpdump -G)",
        CustomParser = r => (int)OptionValues.WholeNumber(r, "--rotate-seconds", 1, int.MaxValue, "must be a positive whole number of seconds"),
        HelpName = "s",
    };

    public IEnumerable<Option> All => [Interface, Write, Count, Duration, StatusEvery, Snaplen, Buffer, NoPromiscuous, FileSize, FileCount, RotateSeconds];

    /// <summary>-C, -G and -W as a rotation of the -w file; null without -C or -G.</summary>
    public CaptureRotation? Rotation(ParseResult result)
    {
        var rotation = new CaptureRotation(result.GetValue(FileSize) * 1_000_000, result.GetValue(RotateSeconds), result.GetValue(FileCount));
        return rotation.Rotates ? rotation : null;
    }

    /// <summary>-C, -G and -W need -w, and -W needs -C or -G, as in tcpdump.</summary>
    public void Validate(CommandResult result)
    {
        bool rotates = result.GetValue(FileSize) is not null || result.GetValue(RotateSeconds) is not null;
        if (rotates && result.GetValue(Write) is null)
        {
            result.AddError("-C and -G rotate the -w file: give -w FILE too.");
        }
        else if (result.GetValue(FileCount) is not null && !rotates)
        {
            result.AddError("-W needs -C or -G.");
        }
    }
}
