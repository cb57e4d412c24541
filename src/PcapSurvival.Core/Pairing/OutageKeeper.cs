using PcapSurvival.Core.Sinks;
using PcapSurvival.Core.Tcp;
using PcapSurvival.Core.Verdicts;

namespace PcapSurvival.Core.Pairing;

/// <summary>
/// The per-file analysis's sink on one side of a pair: it keeps the connections that went through an outage (to set
/// what this point saw beside what the path lost) and counts the verdicts of the others.
/// </summary>
internal sealed class OutageKeeper : IAnalysisSink
{
    private readonly List<Connection> _withOutages = [];

    public SinkNeeds Needs => SinkNeeds.Connections;

    public IReadOnlyList<Connection> WithOutages => _withOutages;

    public Dictionary<Verdict, long> Verdicts { get; } = [];

    public void FileStarted(CaptureInfo capture)
    {
    }

    public void Packet(in PacketRecord packet)
    {
    }

    public void Event(in EventRecord record)
    {
    }

    public void ConnectionFinished(Connection connection)
    {
        Verdicts[connection.Verdict] = Verdicts.GetValueOrDefault(connection.Verdict) + 1;
        if (connection.OutageCount > 0)
        {
            _withOutages.Add(connection); // the run does not recycle connections, so the object stays as it is
        }
    }

    public void FileCompleted(FileStatistics statistics)
    {
    }
}
