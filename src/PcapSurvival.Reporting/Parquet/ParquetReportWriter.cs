using PcapSurvival.Core.Pipeline;
using PcapSurvival.Core.Sinks;
using PcapSurvival.Core.Tcp;
using PcapSurvival.Reporting.Tables;

namespace PcapSurvival.Reporting.Parquet;

/// <summary>
/// Writes connections.parquet, packets.parquet, events.parquet, outages.parquet and files.parquet into one directory: the CSV
/// files' tables with typed columns (timestamps in nanoseconds, counts as integers, lists as lists), streamed in
/// row groups so that memory stays bounded. A Parquet file is readable once closed (its footer is written last).
/// </summary>
public sealed class ParquetReportWriter : IAnalysisSink, IDisposable
{
    /// <summary>Rows per row group: a few MB of buffered values for the widest table.</summary>
    public const int DefaultRowGroupRows = 1 << 16;

    private readonly PacketsParquet _packets;
    private readonly EventsParquet _events;
    private readonly TableParquet<Connection> _connections;
    private readonly TableParquet<OutageRow> _outages;
    private TraceFiles _files = TraceFiles.Empty;
    private readonly TableParquet<FileStatistics> _fileRows;
    private string _traceName = "";

    public ParquetReportWriter(string directory, int rowGroupRows = DefaultRowGroupRows)
    {
        Directory.CreateDirectory(directory);
        _packets = new PacketsParquet(Path.Combine(directory, "packets.parquet"), rowGroupRows);
        _events = new EventsParquet(Path.Combine(directory, "events.parquet"), rowGroupRows);
        _connections = new TableParquet<Connection>(Path.Combine(directory, "connections.parquet"), ConnectionColumns.All, rowGroupRows);
        _outages = new TableParquet<OutageRow>(Path.Combine(directory, "outages.parquet"), OutageColumns.All, rowGroupRows);
        _fileRows = new TableParquet<FileStatistics>(Path.Combine(directory, "files.parquet"), FileColumns.All, rowGroupRows);
    }

    public static IReadOnlyList<string> FileNames { get; } = ["connections.parquet", "packets.parquet", "events.parquet", "outages.parquet", "files.parquet"];

    public void FileStarted(CaptureInfo capture)
    {
        _files = TraceFiles.Of(capture);
        _traceName = capture.Name;
    }

    public void Packet(in PacketRecord packet) => _packets.Write(_files.Of(packet.Frame), packet);

    public void Event(in EventRecord record)
    {
        _events.Write(_files.Of(record.Frame), record);
        if (record.Kind == EventKind.OutageEnd)
        {
            _outages.Write(_files.Of(record.Frame), new OutageRow(record.Connection, record.Outage!));
        }
    }

    public void ConnectionFinished(Connection connection) => _connections.Write(_files.Of(connection.FirstFrame), connection);

    public void FileCompleted(FileStatistics statistics) => _fileRows.Write(_traceName, statistics);

    public void Dispose()
    {
        _packets.Dispose();
        _events.Dispose();
        _connections.Dispose();
        _outages.Dispose();
        _fileRows.Dispose();
    }
}
