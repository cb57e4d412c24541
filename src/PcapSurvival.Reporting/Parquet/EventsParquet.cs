using PcapSurvival.Core.Outages;
using PcapSurvival.Core.Pipeline;
using PcapSurvival.Core.Reading;
using PcapSurvival.Core.Sinks;
using PcapSurvival.Reporting.Text;

namespace PcapSurvival.Reporting.Parquet;

/// <summary>events.parquet: events.csv's columns, typed (time a timestamp).</summary>
internal sealed class EventsParquet : IDisposable
{
    private readonly TextValues _file;
    private readonly NumberValues<long> _frame;
    private readonly TimestampValues _time;
    private readonly NumberValues<long> _stream;
    private readonly TextValues _event;
    private readonly TextValues _detail;
    private readonly TextValues _side;
    private readonly ParquetTable _table;

    public EventsParquet(string path, int rows)
    {
        _file = new("file", rows);
        _frame = new("frame", rows);
        _time = new("time", rows);
        _stream = new("stream", rows);
        _event = new("event", rows);
        _detail = new("detail", rows);
        _side = new("side", rows);
        _table = new ParquetTable(path, [_file, _frame, _time, _stream, _event, _detail, _side], rows);
    }

    public void Write(string file, in EventRecord record)
    {
        Span<char> text = stackalloc char[EventText.MaxLength];
        _file.Add(file);
        _frame.Add(TraceFrame.Number(record.Frame));
        _time.Add(record.TimeNs);
        _stream.Add(record.Connection.Stream);
        _event.Add(record.Name);
        _detail.Add(new string(text[..EventText.Format(record, text)]));
        _side.Add(OutageText.Side(record.FromClient));
        _table.EndRow();
    }

    public void Dispose() => _table.Dispose();
}
