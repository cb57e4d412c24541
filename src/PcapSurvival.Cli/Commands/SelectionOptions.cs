using System.CommandLine;
using PcapSurvival.Core.Outages;
using PcapSurvival.Core.Sinks;
using PcapSurvival.Core.Verdicts;

namespace PcapSurvival.Cli.Commands;

/// <summary>--only, --port and --stream: which connections the report, CSV, Parquet, JSON and plots show.</summary>
internal sealed class SelectionOptions
{
    private static readonly string VerdictList = string.Join(",", Enum.GetValues<Verdict>().Select(VerdictNames.Name));

    public Option<IReadOnlySet<Verdict>?> Only { get; } = new("--only")
    {
        Description = $"Show only connections with these verdicts, comma-separated ({VerdictList})",
        HelpName = "verdicts",
        CustomParser = r =>
        {
            var verdicts = new HashSet<Verdict>();
            foreach (string name in string.Join(",", r.Tokens.Select(t => t.Value)).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!VerdictNames.TryParse(name.ToLowerInvariant(), out var verdict))
                {
                    r.AddError($"--only: '{name}' is not a verdict; the verdicts are {VerdictList}.");
                    return null;
                }

                verdicts.Add(verdict);
            }

            if (verdicts.Count == 0)
            {
                r.AddError($"--only needs at least one verdict ({VerdictList}).");
            }

            return verdicts;
        },
    };

    public Option<int?> Port { get; } = new("--port")
    {
        Description = "Show only connections with this port on either side",
        HelpName = "n",
        CustomParser = r => (int)OptionValues.WholeNumber(r, "--port", 0, 65535, "must be a port number from 0 to 65535"),
    };

    public Option<long?> Stream { get; } = new("--stream")
    {
        Description = "Show only the connection with this stream number (as tshark's tcp.stream)",
        HelpName = "n",
        CustomParser = r => OptionValues.WholeNumber(r, "--stream", 0, long.MaxValue, "must be a stream number, zero or more"),
    };

    public IEnumerable<Option> All => [Only, Port, Stream];

    public SelectionOptions() => Only.CompletionSources.Add(Enum.GetValues<Verdict>().Select(VerdictNames.Name).ToArray());

    /// <summary>The selection, or null when no option narrows anything.</summary>
    public ConnectionSelection? Selection(ParseResult result)
    {
        var only = result.GetValue(Only);
        int? port = result.GetValue(Port);
        long? stream = result.GetValue(Stream);
        return only is null && port is null && stream is null ? null : new ConnectionSelection(only, port, stream);
    }
}
