using PcapSurvival.Core.Tcp;
using PcapSurvival.Core.Verdicts;

namespace PcapSurvival.Core.Sinks;

/// <summary>
/// Which connections the user wants to see (<c>--only</c>, <c>--port</c>, <c>--stream</c>); every given criterion
/// must hold. Port and stream are known from a connection's first packet, the verdict only when it is finished.
/// </summary>
public sealed record ConnectionSelection(IReadOnlySet<Verdict>? Verdicts, int? Port, long? Stream)
{
    public bool SelectsByVerdict => Verdicts is not null;

    /// <summary>True when the connection's ports and stream number fit (everything known before its verdict).</summary>
    public bool MatchesEndpoints(Connection connection) =>
        (Port is not int port || connection.ClientPort == port || connection.ServerPort == port)
        && (Stream is not long stream || connection.Stream == stream);

    /// <summary>True when a finished connection fits every criterion.</summary>
    public bool Matches(Connection connection) =>
        MatchesEndpoints(connection) && (Verdicts is null || Verdicts.Contains(connection.Verdict));
}
