using CsvHelper;
using PcapSurvival.Core.Pipeline;
using PcapSurvival.Core.Reading;
using PcapSurvival.Core.Sinks;
using PcapSurvival.Core.Tcp;

namespace PcapSurvival.Reporting.Csv;

/// <summary>packets.csv: one row per TCP packet, streamed as the analysis goes.</summary>
internal sealed class PacketsCsv(string directory) : IDisposable
{
    public static readonly string[] Header =
    [
        "file", "frame", "time", "rel_time", "stream", "src", "src_port", "dst", "dst_port", "flags", "seq", "ack",
        "len", "window", "analysis", "window_scaled", "direction", "dup_ack_num",
    ];

    private readonly CsvWriter _csv = CsvFiles.Create(directory, "packets.csv", Header, CsvFiles.Unescaped);

    public void Write(string file, in PacketRecord packet, int digits)
    {
        var connection = packet.Connection;
        Span<char> text = stackalloc char[AnalysisFlagNames.MaxFormattedLength];
        _csv.WriteField(file, CsvFiles.QuotingOf(file)); // escaped by the caller: see CsvFiles.Unescaped
        _csv.WriteField(TraceFrame.Number(packet.Frame), default);
        _csv.WriteField(text[..Timestamps.FormatIso(packet.TimeNs, digits, text)]);
        _csv.WriteField(text[..Timestamps.FormatSeconds(packet.RelativeTimeNs, digits, text)]);
        _csv.WriteField(connection.Stream, default);
        if (packet.FromClient)
        {
            _csv.WriteField(connection.ClientText);
            _csv.WriteField(connection.ClientPort, default);
            _csv.WriteField(connection.ServerText);
            _csv.WriteField(connection.ServerPort, default);
        }
        else
        {
            _csv.WriteField(connection.ServerText);
            _csv.WriteField(connection.ServerPort, default);
            _csv.WriteField(connection.ClientText);
            _csv.WriteField(connection.ClientPort, default);
        }

        _csv.WriteField(TcpFlagText.Of(packet.Flags));
        _csv.WriteField(packet.RelativeSeq, default);
        _csv.WriteField(packet.RelativeAck, default);
        _csv.WriteField(packet.PayloadLength, default);
        _csv.WriteField(packet.Window, default);
        _csv.WriteField(text[..AnalysisFlagNames.Format(packet.Analysis, text)]);
        _csv.WriteField(packet.WindowScaled, default);
        _csv.WriteField(packet.FromClient ? "c2s" : "s2c");
        if (packet.DuplicateAckNumber > 0)
        {
            _csv.WriteField(packet.DuplicateAckNumber, default);
        }
        else
        {
            _csv.WriteField(ReadOnlySpan<char>.Empty);
        }

        _csv.EndRecord();
    }

    public void Flush() => _csv.Flush();

    public void Dispose() => _csv.Dispose();
}
