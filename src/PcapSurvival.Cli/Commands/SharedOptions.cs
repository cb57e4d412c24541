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

    public Option<DirectoryInfo?> Parquet { get; } = new("--parquet")
    {
        Description = "Write the same four tables as Parquet files (typed columns, for DuckDB or Spark) into this directory",
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
        CustomParser = r => (int)OptionValues.WholeNumber(r, "--retries2", 0, 30, "must be a whole number from 0 to 30"),
        HelpName = "n",
    };

    public Option<TimeSpan?> UserTimeout { get; } = new("--user-timeout")
    {
        Description = "TCP_USER_TIMEOUT in milliseconds (or with a unit: 30s, 2m); replaces the tcp_retries2 budget",
        CustomParser = r => OptionValues.Duration(r, "--user-timeout", 0.001, allowZero: false,
            "must be at least 1 ms: a number of milliseconds, or a duration such as 30s"),
        HelpName = "ms",
    };

    // No DefaultValueFactory: help would print the default as a TimeSpan (00:00:01); the description says 1s.
    public Option<TimeSpan?> MinOutage { get; } = new("--min-outage")
    {
        Description = "Stalls shorter than this many seconds (or 500ms, 2s) are ordinary loss recovery, not outages [default: 1s]",
        CustomParser = r => OptionValues.Duration(r, "--min-outage", 1, allowZero: true,
            "must be zero or more seconds, with a decimal point if any (1.5), or a duration such as 500ms"),
        HelpName = "s",
    };

    public Option<int> MaxRows { get; } = new("--max-rows")
    {
        Description = "Connections shown in the report's table; the most interesting are kept; 0 for no table, only the totals",
        DefaultValueFactory = _ => 50,
        CustomParser = r => (int)OptionValues.WholeNumber(r, "--max-rows", 0, int.MaxValue, "must be a whole number, zero or more"),
        HelpName = "n",
    };

    public Option<DirectoryInfo?> Plot { get; } = new("--plot")
    {
        Description = "Draw into this directory each capture's timeline, a time-sequence graph of each affected connection "
            + "(PNG and SVG), and index.html showing them all",
        HelpName = "dir",
    };

    public Option<bool> PlotAll { get; } = new("--plot-all")
    {
        Description = "With --plot: a time-sequence graph of every connection, not only the affected ones",
    };

    public Option<int> MaxConnections { get; } = new("--max-connections")
    {
        Description = "Live connections held at most (about 1 KB each); past it, unanswered SYNs, then the longest idle, are evicted and counted",
        DefaultValueFactory = _ => Core.Tcp.ConnectionTable.DefaultMaxConnections,
        CustomParser = r => (int)OptionValues.WholeNumber(r, "--max-connections", 1, int.MaxValue, "must be a whole number, 1 or more"),
        HelpName = "n",
    };

    public SelectionOptions Selection { get; } = new();

    public IEnumerable<Option> All => [Filter, Csv, Parquet, Json, Plot, PlotAll, Retries2, UserTimeout, MinOutage, MaxRows, MaxConnections, .. Selection.All];

    public OutputRequest Outputs(ParseResult result) =>
        new(result.GetValue(Csv), result.GetValue(Parquet), result.GetValue(Json), result.GetValue(MaxRows), Selection.Selection(result),
            result.GetValue(Plot), result.GetValue(PlotAll));

    /// <summary>Adds the options to a command, with the checks that involve more than one of them.</summary>
    public void AddTo(Command command)
    {
        OptionValues.RefuseStandardOutput(Csv);
        OptionValues.RefuseStandardOutput(Parquet);
        OptionValues.RefuseStandardOutput(Plot);
        foreach (var option in All)
        {
            command.Options.Add(option);
        }

        command.Validators.Add(r =>
        {
            if (r.GetValue(PlotAll) && r.GetValue(Plot) is null)
            {
                r.AddError("--plot-all needs --plot DIR (the directory to draw into).");
            }

            if (r.GetResult(Retries2) is { Implicit: false } && r.GetResult(UserTimeout) is not null)
            {
                r.AddError("--retries2 and --user-timeout both set the give-up budget (a TCP_USER_TIMEOUT replaces tcp_retries2's); give one of them.");
            }
        });
    }

    public OutageSettings OutageSettings(ParseResult result) => new()
    {
        Retries2 = result.GetValue(Retries2),
        UserTimeoutSeconds = result.GetValue(UserTimeout)?.TotalSeconds,
        MinOutageSeconds = (result.GetValue(MinOutage) ?? TimeSpan.FromSeconds(1)).TotalSeconds,
    };
}
