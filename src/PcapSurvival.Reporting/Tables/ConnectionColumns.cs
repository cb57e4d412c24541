using PcapSurvival.Core.Outages;
using PcapSurvival.Core.Tcp;
using PcapSurvival.Core.Verdicts;
using PcapSurvival.Reporting.Text;

namespace PcapSurvival.Reporting.Tables;

/// <summary>
/// The columns of connections.csv and connections.parquet after <c>file</c>, in order. Add a column here and both
/// formats have it (JSON is written separately, in <see cref="Json.JsonLinesWriter"/>).
/// </summary>
internal static class ConnectionColumns
{
    public static readonly TableColumn<Connection>[] All =
    [
        new IntegerColumn<Connection>("stream", c => c.Stream),
        new TextColumn<Connection>("client", c => c.ClientText),
        new IntegerColumn<Connection>("client_port", c => c.ClientPort),
        new TextColumn<Connection>("server", c => c.ServerText),
        new IntegerColumn<Connection>("server_port", c => c.ServerPort),
        new TextColumn<Connection>("protocol", ConnectionFacts.Protocol),
        new TimestampColumn<Connection>("first_seen", c => c.FirstSeenNs),
        new TimestampColumn<Connection>("last_seen", c => c.LastSeenNs),
        new DurationColumn<Connection>("duration_s", c => c.LastSeenNs - c.FirstSeenNs),
        new TextColumn<Connection>("state", c => ConnectionStateNames.Name(c.State)),
        new TextColumn<Connection>("verdict", c => VerdictNames.Name(c.Verdict)),
        new IntegerColumn<Connection>("packets_c2s", c => c.Client.Packets),
        new IntegerColumn<Connection>("packets_s2c", c => c.Server.Packets),
        new IntegerColumn<Connection>("bytes_c2s", c => c.Client.PayloadBytes),
        new IntegerColumn<Connection>("bytes_s2c", c => c.Server.PayloadBytes),
        new DecimalColumn<Connection>("handshake_rtt_ms", c => c.HandshakeRttNs < 0 ? null : c.HandshakeRttNs / 1e6, "0.000"),
        .. ConnectionFacts.CountedColumns.Select(f => new IntegerColumn<Connection>(f.Column, c => c.FlagCounts.Of(f.Flag))),
        new IntegerColumn<Connection>("resets", c => c.Resets),
        new IntegerColumn<Connection>("outages", c => c.OutageCount),
        new DecimalColumn<Connection>("longest_outage_s", c => c.LongestOutageSeconds, "0.000"),
        new IntegerColumn<Connection>("ip_version", c => c.IsIPv6 ? 6 : 4),
        new BooleanColumn<Connection>("midstream", c => c.Midstream),
        .. ConnectionFacts.ExtraColumns.Select(f => new IntegerColumn<Connection>(f.Column, c => c.FlagCounts.Of(f.Flag))),
        new IntegerColumn<Connection>("short_stalls", c => c.ShortStalls),
        new TextColumn<Connection>("sides_by", c => SideDecision.Name(c.SidesBy)),
        new TextColumn<Connection>("reason", c => VerdictReasons.Reason(c)),
        new TextColumn<Connection>("loss", c => LossText.Name(ConnectionFacts.Loss(c))),
        new TextColumn<Connection>("caveat", c => CaptureCaveats.Name(CaptureCaveats.Of(c))),
        new IntegerColumn<Connection>("retransmitted_bytes", Degradation.RetransmittedBytes),
        new DecimalColumn<Connection>("retransmitted_share", c => Degradation.Share(c), "0.0000"),
        new BooleanColumn<Connection>("degraded", Degradation.IsDegraded),
        new IntegerColumn<Connection>("capture_duplicates", c => c.Client.CaptureDuplicates + c.Server.CaptureDuplicates),
        .. Columns.ConnectionColumns.All.Select(column => new MeasureColumn(column)),
    ];
}
