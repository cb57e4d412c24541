using PcapSurvival.Core.Tcp;

namespace PcapSurvival.Reporting.Text;

/// <summary>The sentence for a half-open session (<see cref="Core.Verdicts.HalfOpenSessions"/>).</summary>
public static class HalfOpenText
{
    public static string Sentence(Connection connection, bool clientHolds)
    {
        string holder = OutageText.Side(clientHolds);
        string other = OutageText.Side(!clientHolds);
        string example = connection.IsSsh && !clientHolds ? " (sshd still ESTABLISHED, its session process waiting)" : " (still ESTABLISHED there)";
        return $"half-open: the {holder} may still hold the session{example}: the {other} gave up and no RST or FIN from it reached the {holder}";
    }
}
