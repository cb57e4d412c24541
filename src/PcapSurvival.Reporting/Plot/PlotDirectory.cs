using PcapSurvival.Core.Sinks;
using PcapSurvival.Core.Tcp;

namespace PcapSurvival.Reporting.Plot;

/// <summary>
/// <c>--plot DIR</c>: for each capture, its timeline (<see cref="OutageTimelinePlot"/>), a time-sequence graph of each
/// direction of each selected connection (<see cref="SequenceGraphs"/>, PNG and SVG), and DIR/index.html showing all
/// of them with the report's sentences.
/// </summary>
public sealed class PlotDirectory : IAnalysisSink
{
    public const string IndexFile = "index.html";

    /// <summary>
    /// Connections given time-sequence graphs per capture at most, the most interesting: drawing one costs tens of
    /// milliseconds of CPU (PNG and SVG), which must stay well under the analysis of a big capture.
    /// </summary>
    public const int DefaultMaxGraphs = 20;

    private readonly string _directory;
    private readonly bool _all;
    private readonly OutageTimelinePlot _timeline;
    private readonly SequenceGraphs _graphs;
    private readonly PlotIndexPage _index = new();
    private readonly IAnalysisSink[] _sinks;

    /// <param name="all">Graphs for every connection (--plot-all), not only those with a verdict other than unaffected.</param>
    /// <param name="maxConnections">Connections on the timeline per capture at most: the most interesting ones.</param>
    /// <param name="maxGraphs">Connections given time-sequence graphs per capture at most.</param>
    public PlotDirectory(string directory, bool all = false, int maxConnections = OutageTimelinePlot.DefaultMaxRows, int maxGraphs = DefaultMaxGraphs)
    {
        _directory = directory;
        _all = all;
        _timeline = new OutageTimelinePlot(directory, maxConnections);
        _graphs = new SequenceGraphs(all, maxGraphs);
        _sinks = [_timeline, _graphs];
    }

    public void FileStarted(CaptureInfo capture)
    {
        foreach (var sink in _sinks)
        {
            sink.FileStarted(capture);
        }
    }

    public void Packet(in PacketRecord packet) => _graphs.Packet(packet);

    public void Event(in EventRecord record)
    {
    }

    public void ConnectionFinished(Connection connection)
    {
        _timeline.ConnectionFinished(connection);
        _graphs.ConnectionFinished(connection);
    }

    /// <exception cref="IOException">A picture or the page cannot be written.</exception>
    public void FileCompleted(FileStatistics statistics)
    {
        _timeline.FileCompleted(statistics);
        string timeline = _timeline.LastFile!;
        string capture = Path.GetFileNameWithoutExtension(timeline);
        var connections = _graphs.Connections;
        var files = new List<IReadOnlyList<string>>();
        foreach (var connection in connections)
        {
            var stems = new List<string>();
            foreach (var graph in connection.Graphs)
            {
                string stem = $"{capture}-stream-{connection.Stream}-{graph.DirectionName}";
                SequenceGraphRenderer.Save(connection, graph, Path.Combine(_directory, stem));
                stems.Add(stem);
            }

            files.Add(stems);
        }

        _index.AddCapture(_directory, statistics.Name, timeline, connections, files, _graphs.Selected, _all);
        _index.Write(Path.Combine(_directory, IndexFile));
    }
}
