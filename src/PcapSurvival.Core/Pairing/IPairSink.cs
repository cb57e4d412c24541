namespace PcapSurvival.Core.Pairing;

/// <summary>Receives a paired analysis: each segment only one point saw as it is settled, then everything else at the end.</summary>
public interface IPairSink
{
    /// <summary>Both files are open: their names as shown, and the fractional digits of their timestamps (6 or 9).</summary>
    void Started(string nameA, int digitsA, string nameB, int digitsB);

    void PathLoss(in PathLossRecord loss);

    void Completed(PairResult result);
}
