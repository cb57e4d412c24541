using PcapSurvival.Core.Sinks;
using PcapSurvival.Core.Tcp;

namespace PcapSurvival.Reporting.Plot;

/// <summary>
/// Collects, while a capture streams by, what each live connection's time-sequence graphs need (bounded per
/// connection: <see cref="DirectionTrace"/>), keeps the graphs of the most interesting
/// connections that <see cref="GraphSelection"/> picks, and draws them once the capture is complete. Connection
/// objects are reused once finished, so nothing of one is kept past <see cref="ConnectionFinished"/> but a copy.
/// </summary>
internal sealed class SequenceGraphs : IAnalysisSink
{
    private readonly Dictionary<Connection, ConnectionTrace> _live = new(ReferenceEqualityComparer.Instance);
    private readonly MostInterestingConnections<ConnectionGraphs> _kept;
    private readonly bool _all;

    // The trace of the connection being offered to _kept, which makes its row only if it is kept.
    private ConnectionTrace? _finishing;

    private Connection? _lastConnection;
    private ConnectionTrace? _lastTrace;

    public SequenceGraphs(bool all, int maxConnections)
    {
        _all = all;
        _kept = new(maxConnections, c => ConnectionGraphs.From(c, _finishing!));
    }

    /// <summary>Connections that would have had a graph, in the capture so far (more than are kept, on a big one).</summary>
    public long Selected { get; private set; }

    /// <summary>The graphs kept, by stream.</summary>
    public IReadOnlyList<ConnectionGraphs> Connections => [.. _kept.Rows.OrderBy(c => c.Stream)];

    public void FileStarted(CaptureInfo capture)
    {
        _live.Clear();
        _kept.Clear();
        _lastConnection = null;
        _lastTrace = null;
        Selected = 0;
    }

    public void Packet(in PacketRecord packet)
    {
        if (!ReferenceEquals(packet.Connection, _lastConnection))
        {
            _lastConnection = packet.Connection;
            if (!_live.TryGetValue(packet.Connection, out _lastTrace))
            {
                _lastTrace = new ConnectionTrace();
                _live.Add(packet.Connection, _lastTrace);
            }
        }

        _lastTrace!.Packet(packet);
    }

    public void Event(in EventRecord record)
    {
    }

    public void ConnectionFinished(Connection connection)
    {
        _live.Remove(connection, out var trace);
        if (ReferenceEquals(connection, _lastConnection))
        {
            _lastConnection = null; // the object may come back as another connection
            _lastTrace = null;
        }

        if (!GraphSelection.Draws(connection, _all))
        {
            return;
        }

        Selected++;
        _finishing = trace ?? new ConnectionTrace(); // a connection whose packets were all short segments
        _kept.Offer(connection);
        _finishing = null;
    }

    public void FileCompleted(FileStatistics statistics)
    {
    }
}
