using PcapSurvival.Core.Tcp;

namespace PcapSurvival.Core.Outages;

/// <summary>Told when an outage is confirmed (it has lasted at least --min-outage) and when it ends.</summary>
internal interface IOutageObserver
{
    void OutageStarted(Connection connection, Outage outage);

    void OutageEnded(Connection connection, Outage outage);
}
