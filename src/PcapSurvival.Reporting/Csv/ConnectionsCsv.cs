using System.Globalization;
using CsvHelper;
using PcapSurvival.Core.Outages;
using PcapSurvival.Core.Tcp;
using PcapSurvival.Core.Verdicts;
using PcapSurvival.Reporting.Columns;

namespace PcapSurvival.Reporting.Csv;

/// <summary>connections.csv: one row per connection, written when the connection is finished.</summary>
internal sealed class ConnectionsCsv(string directory) : IDisposable
{
    public static readonly string[] Header =
    [
        "file", "stream", "client", "client_port", "server", "server_port", "protocol", "first_seen", "last_seen",
        "duration_s", "state", "verdict", "packets_c2s", "packets_s2c", "bytes_c2s", "bytes_s2c", "handshake_rtt_ms",
        "retransmissions", "fast_retransmissions", "spurious_retransmissions", "out_of_order", "lost_segments",
        "acked_unseen", "duplicate_acks", "zero_windows", "keep_alives", "resets", "outages", "longest_outage_s",
        "ip_version", "midstream", "window_updates", "window_full", "zero_window_probes", "reused_ports", "short_stalls",
        .. ConnectionFacts.VerdictColumns,
        .. ConnectionColumns.Names,
    ];

    private readonly CsvWriter _csv = CsvFiles.Create(directory, "connections.csv", Header, CsvFiles.Unescaped);

    public void Write(string file, Connection c, int digits)
    {
        _csv.WriteField(file, CsvFiles.QuotingOf(file)); // escaped by the caller: see CsvFiles.Unescaped
        _csv.WriteField(c.Stream, default);
        _csv.WriteField(c.ClientText);
        _csv.WriteField(c.ClientPort, default);
        _csv.WriteField(c.ServerText);
        _csv.WriteField(c.ServerPort, default);
        _csv.WriteField(ConnectionFacts.Protocol(c));
        _csv.WriteField(Timestamps.Iso(c.FirstSeenNs, digits));
        _csv.WriteField(Timestamps.Iso(c.LastSeenNs, digits));
        _csv.WriteField(Timestamps.Seconds(c.LastSeenNs - c.FirstSeenNs, digits));
        _csv.WriteField(ConnectionStateNames.Name(c.State));
        _csv.WriteField(VerdictNames.Name(c.Verdict));
        _csv.WriteField(c.Client.Packets, default);
        _csv.WriteField(c.Server.Packets, default);
        _csv.WriteField(c.Client.PayloadBytes, default);
        _csv.WriteField(c.Server.PayloadBytes, default);
        _csv.WriteField(ConnectionFacts.HandshakeRttMilliseconds(c) ?? "");
        foreach (var (flag, _) in ConnectionFacts.CountedColumns)
        {
            _csv.WriteField(c.FlagCounts.Of(flag), default);
        }

        _csv.WriteField(c.Resets, default);
        _csv.WriteField(c.OutageCount, default);
        _csv.WriteField(c.LongestOutageSeconds.ToString("0.000", CultureInfo.InvariantCulture));
        _csv.WriteField(c.IsIPv6 ? 6 : 4, default);
        _csv.WriteField(c.Midstream ? "true" : "false"); // as in the JSON, not .NET's True/False
        foreach (var (flag, _) in ConnectionFacts.ExtraColumns)
        {
            _csv.WriteField(c.FlagCounts.Of(flag), default);
        }

        _csv.WriteField(c.ShortStalls, default);
        foreach (var (_, value, _) in ConnectionFacts.VerdictValues(c))
        {
            _csv.WriteField(value);
        }

        foreach (var column in ConnectionColumns.All)
        {
            _csv.WriteField(column.Value(c).Csv(column.Kind));
        }

        _csv.EndRecord();
    }

    public void Flush() => _csv.Flush();

    public void Dispose() => _csv.Dispose();
}
