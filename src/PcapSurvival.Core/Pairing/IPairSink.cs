namespace PcapSurvival.Core.Pairing;

/// <summary>Receives a paired analysis: each segment only one point saw as it is settled, then everything else at the end.</summary>
public interface IPairSink
{
    void PathLoss(in PathLossRecord loss);

    void Completed(PairResult result);
}
