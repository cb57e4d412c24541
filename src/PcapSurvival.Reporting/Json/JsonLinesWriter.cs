using System.Text.Json;
using PcapSurvival.Core.Decoding;
using PcapSurvival.Core.Outages;
using PcapSurvival.Core.Pipeline;
using PcapSurvival.Core.Reading;
using PcapSurvival.Core.Sinks;
using PcapSurvival.Core.Tcp;
using PcapSurvival.Core.Verdicts;
using PcapSurvival.Reporting.Text;
using PcapSurvival.Reporting.Columns;

namespace PcapSurvival.Reporting.Json;

/// <summary>
/// JSON Lines: one object per line, each with a "type" (packet, event, outage, connection, file), carrying the
/// same fields under the same names as the CSV files. Streaming, so memory stays flat however big the capture.
/// </summary>
public sealed class JsonLinesWriter : IAnalysisSink, IDisposable
{
    private readonly Stream _stream;
    private readonly Utf8JsonWriter _json;
    private TraceFiles _files = TraceFiles.Empty;
    private IReadOnlyList<string>? _pieces;
    private int _digits = 6;

    public JsonLinesWriter(Stream stream)
    {
        _stream = new BufferedStream(stream, 1 << 16);
        _json = new Utf8JsonWriter(_stream, new JsonWriterOptions { SkipValidation = true, Indented = false });
    }

    public void FileStarted(CaptureInfo capture)
    {
        _files = TraceFiles.Of(capture);
        _pieces = capture.Files;
        _digits = capture.TimestampDigits;
    }

    public void Packet(in PacketRecord packet)
    {
        var c = packet.Connection;
        Begin("packet", _files.Of(packet.Frame));
        _json.WriteNumber("frame", TraceFrame.Number(packet.Frame));
        WriteTime("time", packet.TimeNs);
        WriteSeconds("rel_time", packet.RelativeTimeNs);
        _json.WriteNumber("stream", c.Stream);
        _json.WriteString("src", packet.FromClient ? c.ClientText : c.ServerText);
        _json.WriteNumber("src_port", packet.FromClient ? c.ClientPort : c.ServerPort);
        _json.WriteString("dst", packet.FromClient ? c.ServerText : c.ClientText);
        _json.WriteNumber("dst_port", packet.FromClient ? c.ServerPort : c.ClientPort);
        _json.WriteString("flags", TcpFlagText.Of(packet.Flags));
        _json.WriteNumber("seq", packet.RelativeSeq);
        _json.WriteNumber("ack", packet.RelativeAck);
        _json.WriteNumber("len", packet.PayloadLength);
        _json.WriteNumber("window", packet.Window);
        _json.WriteStartArray("analysis");
        if (packet.Analysis != AnalysisFlags.None) // most packets: skip the walk over the names
        {
            foreach (var (flag, name) in AnalysisFlagNames.All)
            {
                if ((packet.Analysis & flag) != 0)
                {
                    _json.WriteStringValue(name);
                }
            }
        }

        _json.WriteEndArray();
        _json.WriteNumber("window_scaled", packet.WindowScaled);
        _json.WriteString("direction", packet.FromClient ? "c2s" : "s2c");
        if (packet.DuplicateAckNumber > 0)
        {
            _json.WriteNumber("dup_ack_num", packet.DuplicateAckNumber);
        }

        End();
    }

    public void Event(in EventRecord record)
    {
        Span<char> text = stackalloc char[EventText.MaxLength];
        Begin("event", _files.Of(record.Frame));
        _json.WriteNumber("frame", TraceFrame.Number(record.Frame));
        WriteTime("time", record.TimeNs);
        _json.WriteNumber("stream", record.Connection.Stream);
        _json.WriteString("event", record.Name);
        _json.WriteString("detail", text[..EventText.Format(record, text)]);
        _json.WriteString("side", OutageText.Side(record.FromClient));
        End();
        if (record.Kind == EventKind.OutageEnd)
        {
            WriteOutage(record.Connection, record.Outage!, record.Frame);
        }
    }

    public void ConnectionFinished(Connection connection)
    {
        var c = connection;
        Begin("connection", _files.Of(c.FirstFrame));
        _json.WriteNumber("stream", c.Stream);
        _json.WriteString("client", c.ClientText);
        _json.WriteNumber("client_port", c.ClientPort);
        _json.WriteString("server", c.ServerText);
        _json.WriteNumber("server_port", c.ServerPort);
        _json.WriteString("protocol", ConnectionFacts.Protocol(c));
        WriteTime("first_seen", c.FirstSeenNs);
        WriteTime("last_seen", c.LastSeenNs);
        WriteSeconds("duration_s", c.LastSeenNs - c.FirstSeenNs);
        _json.WriteString("state", ConnectionStateNames.Name(c.State));
        _json.WriteString("verdict", VerdictNames.Name(c.Verdict));
        _json.WriteNumber("packets_c2s", c.Client.Packets);
        _json.WriteNumber("packets_s2c", c.Server.Packets);
        _json.WriteNumber("bytes_c2s", c.Client.PayloadBytes);
        _json.WriteNumber("bytes_s2c", c.Server.PayloadBytes);
        if (ConnectionFacts.HandshakeRttMilliseconds(c) is { } rtt)
        {
            _json.WritePropertyName("handshake_rtt_ms");
            _json.WriteRawValue(rtt, skipInputValidation: true);
        }
        else
        {
            _json.WriteNull("handshake_rtt_ms");
        }

        foreach (var (flag, column) in ConnectionFacts.CountedColumns)
        {
            _json.WriteNumber(column, c.FlagCounts.Of(flag));
        }

        _json.WriteNumber("resets", c.Resets);
        _json.WriteNumber("outages", c.OutageCount);
        _json.WriteNumber("longest_outage_s", Math.Round(c.LongestOutageSeconds, 3));
        _json.WriteNumber("ip_version", c.IsIPv6 ? 6 : 4);
        _json.WriteBoolean("midstream", c.Midstream);
        foreach (var (flag, column) in ConnectionFacts.ExtraColumns)
        {
            _json.WriteNumber(column, c.FlagCounts.Of(flag));
        }

        _json.WriteNumber("short_stalls", c.ShortStalls);
        foreach (var (column, value, quoted) in ConnectionFacts.VerdictValues(c))
        {
            if (quoted)
            {
                _json.WriteString(column, value);
            }
            else
            {
                _json.WritePropertyName(column);
                _json.WriteRawValue(value, skipInputValidation: true);
            }
        }

        _json.WriteNumber("capture_duplicates", c.Client.CaptureDuplicates + c.Server.CaptureDuplicates);
        foreach (var column in ConnectionColumns.All)
        {
            WriteColumn(column.Name, column.Kind, column.Value(c));
        }

        End();
    }

    public void FileCompleted(FileStatistics statistics)
    {
        Begin("file", statistics.Name);
        if (_pieces is { Count: > 1 } pieces)
        {
            _json.WriteStartArray("files");
            foreach (string piece in pieces)
            {
                _json.WriteStringValue(piece);
            }

            _json.WriteEndArray();
        }

        _json.WriteNumber("packets", statistics.Packets);
        _json.WriteNumber("tcp_packets", statistics.TcpPackets);
        _json.WriteNumber("filtered", statistics.Filtered);
        _json.WriteStartObject("not_analysed");
        foreach (var (outcome, count) in statistics.NotAnalyzed())
        {
            _json.WriteNumber(DecodeOutcomeNames.Name(outcome), count);
        }

        _json.WriteEndObject();
        _json.WriteNumber("connections", statistics.Connections);
        _json.WriteNumber("evicted_connections", statistics.EvictedConnections);
        _json.WriteStartObject("verdicts");
        foreach (var verdict in Enum.GetValues<Verdict>())
        {
            _json.WriteNumber(VerdictNames.Name(verdict), statistics.Count(verdict));
        }

        _json.WriteEndObject();
        if (statistics.Packets > 0)
        {
            WriteTime("first_packet", statistics.FirstTimestampNs);
            WriteTime("last_packet", statistics.LastTimestampNs);
        }

        if (statistics.Drops is { } drops)
        {
            _json.WriteNumber("captured", drops.Captured);
            _json.WriteStartObject("dropped");
            _json.WriteNumber("kernel", drops.Kernel);
            _json.WriteNumber("interface", drops.Interface);
            _json.WriteNumber("analysis_queue", drops.AnalysisQueue);
            _json.WriteEndObject();
        }

        if (statistics.Fault is { } fault)
        {
            _json.WriteStartObject("fault");
            _json.WriteNumber("offset", fault.Offset);
            _json.WriteString("message", fault.Message);
            _json.WriteEndObject();
        }

        End();
        Flush();
    }

    /// <summary>Pushes buffered lines to the stream's destination (live capture calls this regularly).</summary>
    public void Flush()
    {
        _json.Flush();
        _stream.Flush();
    }

    public void Dispose()
    {
        _json.Dispose();
        _stream.Dispose();
    }

    private void WriteColumn(string name, ColumnKind kind, ColumnValue value)
    {
        if (value.IsNull)
        {
            _json.WriteNull(name);
            return;
        }

        switch (kind)
        {
            case ColumnKind.Integer:
                _json.WriteNumber(name, value.Integer);
                break;
            case ColumnKind.Boolean:
                _json.WriteBoolean(name, value.Boolean);
                break;
            case ColumnKind.Decimal:
                _json.WritePropertyName(name);
                _json.WriteRawValue(value.Text!, skipInputValidation: true);
                break;
            default:
                _json.WriteString(name, value.Text);
                break;
        }
    }

    private void WriteOutage(Connection connection, Outage outage, long frame)
    {
        Begin("outage", _files.Of(frame));
        _json.WriteNumber("stream", connection.Stream);
        _json.WriteString("kind", OutageNames.Name(outage.Kind));
        WriteTime("start", outage.StartNs);
        WriteTime("end", outage.EndNs);
        WriteSeconds("duration_s", outage.EndNs - outage.StartNs);
        _json.WriteString("side", OutageText.Side(outage.ClientStalled));
        _json.WriteNumber("retransmissions", outage.Retransmissions);
        _json.WriteStartArray("backoff_s");
        foreach (double interval in outage.BackoffSeconds())
        {
            _json.WriteNumberValue(Math.Round(interval, 6));
        }

        _json.WriteEndArray();
        WriteOptionalTime("network_back_after", outage.NetworkBackAfterNs);
        WriteOptionalTime("network_back_by", outage.NetworkBackByNs);
        _json.WriteString("ended_by", OutageNames.Name(outage.EndedBy));
        WriteOptionalNumber("budget_s", outage.BudgetSeconds, 1);
        WriteOptionalNumber("budget_used_pct", outage.BudgetUsedPercent, 3);
        if (OutageFacts.MatchingRetries2(outage) is null)
        {
            _json.WriteNull("matching_retries2");
        }
        else
        {
            // Numbers, every value that fits: [3] or [3, 4] (the CSV's "3" or "3-4").
            _json.WriteStartArray("matching_retries2");
            foreach (long value in OutageFacts.MatchingRetries2Values(outage))
            {
                _json.WriteNumberValue(value);
            }

            _json.WriteEndArray();
        }

        _json.WriteString("client", connection.ClientText);
        _json.WriteNumber("client_port", connection.ClientPort);
        _json.WriteString("server", connection.ServerText);
        _json.WriteNumber("server_port", connection.ServerPort);
        WriteOptionalString("budget_setting", OutageFacts.BudgetSetting(outage));
        End();
    }

    private void Begin(string type, string file)
    {
        _json.WriteStartObject();
        _json.WriteString("type", type);
        _json.WriteString("file", file);
    }

    private void End()
    {
        _json.WriteEndObject();
        _json.Flush();
        _stream.WriteByte((byte)'\n');
        _json.Reset(); // each line is its own JSON document: no separator before the next one
    }

    private void WriteTime(string name, long ns)
    {
        Span<char> text = stackalloc char[Timestamps.MaxLength];
        _json.WriteString(name, text[..Timestamps.FormatIso(ns, _digits, text)]);
    }

    private void WriteSeconds(string name, long ns)
    {
        Span<char> text = stackalloc char[Timestamps.MaxLength];
        _json.WritePropertyName(name);
        _json.WriteRawValue(text[..Timestamps.FormatSeconds(ns, _digits, text)], skipInputValidation: true);
    }

    private void WriteOptionalTime(string name, long? ns)
    {
        if (ns is long value)
        {
            WriteTime(name, value);
        }
        else
        {
            _json.WriteNull(name);
        }
    }

    private void WriteOptionalString(string name, string? value)
    {
        if (value is not null)
        {
            _json.WriteString(name, value);
        }
        else
        {
            _json.WriteNull(name);
        }
    }

    private void WriteOptionalNumber(string name, double? value, int decimals)
    {
        if (value is double v)
        {
            _json.WriteNumber(name, Math.Round(v, decimals));
        }
        else
        {
            _json.WriteNull(name);
        }
    }
}
