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
        HelpName = "n",
    };

    public Option<TimeSpan?> Duration { get; } = new("--duration")
    {
        Description = "Stop after this long: 30s, 5m, 1h, 500ms or hh:mm:ss",
        HelpName = "t",
        CustomParser = r =>
        {
            string text = r.Tokens.Count == 1 ? r.Tokens[0].Value : "";
            if (DurationText.TryParse(text, out var duration))
            {
                return duration;
            }

            r.AddError($"--duration: cannot read '{text}' as a duration (e.g. 30s, 5m, 1h, 500ms, 00:05:00).");
            return null;
        },
    };

    public Option<int> Snaplen { get; } = new("--snaplen", "-s")
    {
        Description = "Bytes kept of each packet",
        DefaultValueFactory = _ => LiveCaptureOptions.DefaultSnaplen,
        HelpName = "bytes",
    };

    public Option<int> Buffer { get; } = new("--buffer", "-B")
    {
        Description = "Kernel ring buffer in MiB; raise it if the kernel drops packets",
        DefaultValueFactory = _ => LiveCaptureOptions.DefaultBufferMegabytes,
        HelpName = "MiB",
    };

    public Option<bool> NoPromiscuous { get; } = new("--no-promiscuous", "-p")
    {
        Description = "Do not put the interface into promiscuous mode",
    };

    public CaptureOptions()
    {
        Count.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<long?>() is <= 0)
            {
                r.AddError("--count must be a positive number of packets.");
            }
        });
        Snaplen.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > LiveCaptureOptions.DefaultSnaplen)
            {
                r.AddError($"--snaplen must be between 1 and {LiveCaptureOptions.DefaultSnaplen}.");
            }
        });
        Buffer.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 2047)
            {
                r.AddError("--buffer must be between 1 and 2047 MiB.");
            }
        });
    }

    public IEnumerable<Option> All => [Interface, Write, Count, Duration, Snaplen, Buffer, NoPromiscuous];
}
