using CsvHelper;
using PcapSurvival.Core.Outages;
using PcapSurvival.Core.Pipeline;
using PcapSurvival.Core.Reading;
using PcapSurvival.Core.Sinks;
using PcapSurvival.Reporting.Text;

namespace PcapSurvival.Reporting.Csv;

/// <summary>events.csv: one row per notable packet or state change.</summary>
internal sealed class EventsCsv(string directory) : IDisposable
{
    public static readonly string[] Header = ["file", "frame", "time", "stream", "event", "detail", "side"];

    private readonly CsvWriter _csv = CsvFiles.Create(directory, "events.csv", Header, CsvFiles.Unescaped);

    public void Write(string file, in EventRecord record, int digits)
    {
        Span<char> text = stackalloc char[EventText.MaxLength];
        _csv.WriteField(file, CsvFiles.QuotingOf(file)); // escaped by the caller: see CsvFiles.Unescaped
        _csv.WriteField(TraceFrame.Number(record.Frame), default);
        _csv.WriteField(text[..Timestamps.FormatIso(record.TimeNs, digits, text)]);
        _csv.WriteField(record.Connection.Stream, default);
        _csv.WriteField(record.Name);
        _csv.WriteField(text[..EventText.Format(record, text)]);
        _csv.WriteField(OutageText.Side(record.FromClient));
        _csv.EndRecord();
    }

    public void Flush() => _csv.Flush();

    public void Dispose() => _csv.Dispose();
}
