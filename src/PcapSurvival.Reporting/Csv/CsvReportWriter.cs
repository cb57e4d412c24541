using PcapSurvival.Core.Pipeline;
using PcapSurvival.Core.Sinks;
using PcapSurvival.Core.Tcp;
using PcapSurvival.Reporting.Tables;

namespace PcapSurvival.Reporting.Csv;

/// <summary>
/// Writes connections.csv, packets.csv, events.csv and outages.csv into one directory, streaming rows as
/// the analysis produces them, and files.csv, a row per input when it is done. Several input files share the
/// files; the file column tells them apart.
/// </summary>
public sealed class CsvReportWriter : IAnalysisSink, IDisposable
{
    private readonly PacketsCsv _packets;
    private readonly EventsCsv _events;
    private readonly ConnectionsCsv _connections;
    private readonly OutagesCsv _outages;
    private readonly TableCsv<FileStatistics> _fileRows;
    private readonly string _directory;
    private TraceFiles _files = TraceFiles.Empty;
    private string _traceName = "";
    private int _digits = 6;

    public CsvReportWriter(string directory)
    {
        _directory = directory;
        Directory.CreateDirectory(directory);
        _packets = new PacketsCsv(directory);
        _events = new EventsCsv(directory);
        _connections = new ConnectionsCsv(directory);
        _outages = new OutagesCsv(directory);
        _fileRows = new TableCsv<FileStatistics>(directory, "files.csv", FileColumns.All);
    }

    public static IReadOnlyList<string> FileNames { get; } = ["connections.csv", "packets.csv", "events.csv", "outages.csv", "files.csv"];

    public void FileStarted(CaptureInfo capture)
    {
        _files = TraceFiles.Of(capture, CsvFiles.EscapeFormula);
        _traceName = CsvFiles.EscapeFormula(capture.Name);
        _digits = capture.TimestampDigits;
    }

    public void Packet(in PacketRecord packet) => _packets.Write(_files.Of(packet.Frame), packet, _digits);

    public void Event(in EventRecord record)
    {
        _events.Write(_files.Of(record.Frame), record, _digits);
        if (record.Kind == EventKind.OutageEnd)
        {
            _outages.Write(_files.Of(record.Frame), record.Connection, record.Outage!, _digits);
        }
    }

    public void ConnectionFinished(Connection connection) => _connections.Write(_files.Of(connection.FirstFrame), connection, _digits);

    public void FileCompleted(FileStatistics statistics)
    {
        _fileRows.Write(_traceName, statistics, _digits);
        Flush();
    }

    /// <summary>Pushes buffered rows to disk (live capture calls this regularly).</summary>
    public void Flush()
    {
        _packets.Flush();
        _events.Flush();
        _connections.Flush();
        _outages.Flush();
        _fileRows.Flush();
    }

    /// <summary>
    /// Flushes and closes the four files. When that fails (a full disk), every file is still closed, cut back to its
    /// last whole row, and the first failure thrown.
    /// </summary>
    public void Dispose()
    {
        Exception? failure = null;
        foreach (IDisposable file in (IDisposable[])[_packets, _events, _connections, _outages, _fileRows])
        {
            try
            {
                file.Dispose();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                failure ??= e;
            }
        }

        if (failure is not null)
        {
            foreach (string name in FileNames)
            {
                WholeLines.CutAfterLastLine(Path.Combine(_directory, name));
            }

            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
    }
}
