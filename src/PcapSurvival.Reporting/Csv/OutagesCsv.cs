using System.Globalization;
using CsvHelper;
using PcapSurvival.Core.Outages;
using PcapSurvival.Core.Tcp;
using PcapSurvival.Reporting.Text;

namespace PcapSurvival.Reporting.Csv;

/// <summary>outages.csv: one row per outage, written when it ends.</summary>
internal sealed class OutagesCsv(string directory) : IDisposable
{
    public static readonly string[] Header =
    [
        "file", "stream", "kind", "start", "end", "duration_s", "side", "retransmissions", "backoff_s",
        "network_back_after", "network_back_by", "ended_by", "budget_s", "budget_used_pct", "matching_retries2",
        "client", "client_port", "server", "server_port", "budget_setting",
    ];

    private readonly CsvWriter _csv = CsvFiles.Create(directory, "outages.csv", Header, CsvFiles.Unescaped);

    public void Write(string file, Connection connection, Outage outage, int digits)
    {
        var invariant = CultureInfo.InvariantCulture;
        _csv.WriteField(file, CsvFiles.QuotingOf(file)); // escaped by the caller: see CsvFiles.Unescaped
        _csv.WriteField(connection.Stream, default);
        _csv.WriteField(OutageNames.Name(outage.Kind));
        _csv.WriteField(Timestamps.Iso(outage.StartNs, digits));
        _csv.WriteField(Timestamps.Iso(outage.EndNs, digits));
        _csv.WriteField(Timestamps.Seconds(outage.EndNs - outage.StartNs, digits));
        _csv.WriteField(OutageText.Side(outage.ClientStalled));
        _csv.WriteField(outage.Retransmissions, default);
        _csv.WriteField(OutageFacts.BackoffList(outage));
        _csv.WriteField(outage.NetworkBackAfterNs is long after ? Timestamps.Iso(after, digits) : "");
        _csv.WriteField(outage.NetworkBackByNs is long by ? Timestamps.Iso(by, digits) : "");
        _csv.WriteField(OutageNames.Name(outage.EndedBy));
        _csv.WriteField(outage.BudgetSeconds?.ToString("0.0", invariant) ?? "");
        _csv.WriteField(outage.BudgetUsedPercent?.ToString("0.000", invariant) ?? "");
        _csv.WriteField(OutageFacts.MatchingRetries2(outage) ?? "");
        _csv.WriteField(connection.ClientText);
        _csv.WriteField(connection.ClientPort, default);
        _csv.WriteField(connection.ServerText);
        _csv.WriteField(connection.ServerPort, default);
        _csv.WriteField(OutageFacts.BudgetSetting(outage) ?? "");
        _csv.EndRecord();
    }

    public void Flush() => _csv.Flush();

    public void Dispose() => _csv.Dispose();
}
