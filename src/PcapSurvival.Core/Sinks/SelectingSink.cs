using PcapSurvival.Core.Tcp;

namespace PcapSurvival.Core.Sinks;

/// <summary>
/// Passes on only the selected connections: their rows when they finish (report, connection tables, plots), and
/// their packets and events as they come. Packets and events stream before a connection has a verdict, so
/// <c>--only</c> cannot select them; they follow <c>--port</c> and <c>--stream</c>. File start and end always pass.
/// Not an <see cref="IOrderFreeSink"/>: with a selection, stream numbers must be final when packets arrive, so the
/// file is analyzed on one thread.
/// </summary>
public sealed class SelectingSink(IAnalysisSink inner, ConnectionSelection selection) : IAnalysisSink
{
    public void FileStarted(CaptureInfo capture) => inner.FileStarted(capture);

    public void Packet(in PacketRecord packet)
    {
        if (selection.MatchesEndpoints(packet.Connection))
        {
            inner.Packet(packet);
        }
    }

    public void Event(in EventRecord record)
    {
        if (selection.MatchesEndpoints(record.Connection))
        {
            inner.Event(record);
        }
    }

    public void ConnectionFinished(Connection connection)
    {
        if (selection.Matches(connection))
        {
            inner.ConnectionFinished(connection);
        }
    }

    public void FileCompleted(FileStatistics statistics) => inner.FileCompleted(statistics);
}
