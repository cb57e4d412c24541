using System.CommandLine;
using PcapSurvival.Core.Outages;

namespace PcapSurvival.Cli.Commands;

/// <summary>Options that analyze and capture share, with one definition each.</summary>
internal sealed class SharedOptions
{
    public Option<string?> Filter { get; } = new("--filter", "-f")
    {
        Description = "BPF filter in tcpdump syntax, e.g. \"tcp port 22\" (needs libpcap)",
        HelpName = "bpf",
    };

    public Option<DirectoryInfo?> Csv { get; } = new("--csv")
    {
        Description = "Write connections.csv, packets.csv, events.csv and outages.csv into this directory",
        HelpName = "dir",
    };

    public Option<string?> Json { get; } = new("--json")
    {
        Description = "Write JSON Lines (one object per line, the same fields as the CSV files) to this file, or - for stdout",
        HelpName = "file|-",
    };

    public Option<int> Retries2 { get; } = new("--retries2")
    {
        Description = "tcp_retries2 of the Linux give-up model the outages are measured against",
        DefaultValueFactory = _ => LinuxRetransmissionBudget.DefaultRetries2,
        HelpName = "n",
    };

    public Option<int?> UserTimeout { get; } = new("--user-timeout")
    {
        Description = "TCP_USER_TIMEOUT in milliseconds; replaces the tcp_retries2 budget",
        HelpName = "ms",
    };

    public Option<double> MinOutage { get; } = new("--min-outage")
    {
        Description = "Stalls shorter than this many seconds are ordinary loss recovery, not outages",
        DefaultValueFactory = _ => 1.0,
        HelpName = "s",
    };

    public Option<int> MaxRows { get; } = new("--max-rows")
    {
        Description = "Connections shown in the report's table; the most interesting are kept",
        DefaultValueFactory = _ => 50,
        HelpName = "n",
    };

    public SharedOptions()
    {
        Retries2.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 0 or > 30)
            {
                r.AddError("--retries2 must be between 0 and 30.");
            }
        });
        UserTimeout.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is <= 0)
            {
                r.AddError("--user-timeout must be a positive number of milliseconds.");
            }
        });
        MinOutage.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double>() is < 0 or double.NaN)
            {
                r.AddError("--min-outage must be zero or more seconds.");
            }
        });
        MaxRows.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 0)
            {
                r.AddError("--max-rows must be zero or more.");
            }
        });
    }

    public IEnumerable<Option> All => [Filter, Csv, Json, Retries2, UserTimeout, MinOutage, MaxRows];

    public OutageSettings OutageSettings(ParseResult result) => new()
    {
        Retries2 = result.GetValue(Retries2),
        UserTimeoutSeconds = result.GetValue(UserTimeout) is int ms ? ms / 1000.0 : null,
        MinOutageSeconds = result.GetValue(MinOutage),
    };
}
