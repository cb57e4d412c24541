using System.Globalization;
using PcapSurvival.Core.Outages;
using PcapSurvival.Core.Pipeline;
using PcapSurvival.Core.Sinks;
using PcapSurvival.Core.Tcp;
using PcapSurvival.Core.Verdicts;

namespace PcapSurvival.Reporting.Text;

/// <summary>
/// Live capture's running commentary: one line per new connection, outage start and end, RST, close, and
/// verdict, written the moment the analysis produces it. Times are the packets' capture times (UTC, full precision).
/// </summary>
/// <param name="beforeLine">Called before each line, e.g. to clear a status line sharing the terminal.</param>
public sealed partial class LiveEventPrinter(TextWriter output, Action? beforeLine = null) : IAnalysisSink, ILiveCommentary
{
    public SinkNeeds Needs => SinkNeeds.Events | SinkNeeds.Connections;


    private const int LabelWidth = 12;
    private int _digits = 6;

    public void FileStarted(CaptureInfo capture) => _digits = capture.TimestampDigits;

    public void Packet(in PacketRecord packet)
    {
    }

    public void Event(in EventRecord record)
    {
        string? label = record.Kind switch
        {
            EventKind.State when record.Number == 1 => "new",
            EventKind.State when record.State == ConnectionState.Closed => "closed",
            EventKind.Rst => "rst",
            EventKind.OutageStart => "outage_start",
            EventKind.OutageEnd => "outage_end",
            _ => null,
        };
        if (label is not null)
        {
            string detail = record.Kind switch
            {
                EventKind.State when label == "closed" => "both sides sent FIN",
                EventKind.OutageEnd => $"{OutageText.Side(record.FromClient)}: {EventText.Format(record)}",
                _ => EventText.Format(record),
            };
            Write(record.TimeNs, record.Connection, label, detail);
        }
    }

    public void ConnectionFinished(Connection connection)
    {
        if (Amendment(connection) is not { } amended)
        {
            return; // the verdict said when the connection ended still stands
        }

        Write(connection.LastSeenNs, connection, "verdict", VerdictLine(connection, connection.Verdict, amended.Length == 0 ? null : amended));
    }

    private static string VerdictLine(Connection connection, Verdict verdict, string? first)
    {
        string name = VerdictNames.Name(verdict);
        var details = new List<string>(3);
        if (first is not null)
        {
            details.Add(first);
        }

        if (VerdictReasons.Reason(connection, verdict) is { } reason)
        {
            details.Add(reason);
        }

        if (connection.OutageCount > 0)
        {
            string outages = connection.OutageCount == 1 ? "1 outage" : $"{connection.OutageCount} outages";
            details.Add($"{outages}, longest {OutageText.Seconds(connection.LongestOutageSeconds)}");
        }

        return details.Count == 0 ? name : $"{name} ({string.Join("; ", details)})";
    }

    public void FileCompleted(FileStatistics statistics)
    {
    }

    private void Write(long timeNs, Connection c, string label, string detail)
    {
        beforeLine?.Invoke();
        string stream = c.Stream.ToString(CultureInfo.InvariantCulture);
        output.WriteLine(
            $"{Timestamps.Iso(timeNs, _digits)}  stream {stream}  {label.PadRight(LabelWidth)}  {Endpoint(c.ClientText, c.ClientPort)} → {Endpoint(c.ServerText, c.ServerPort)}  {detail}");
        output.Flush();
    }

    private static string Endpoint(string address, ushort port) =>
        address.Contains(':', StringComparison.Ordinal) ? $"[{address}]:{port}" : $"{address}:{port}";
}
