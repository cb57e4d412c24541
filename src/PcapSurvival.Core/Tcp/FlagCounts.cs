using System.Numerics;
using System.Runtime.CompilerServices;

namespace PcapSurvival.Core.Tcp;

/// <summary>How many packets of a connection carried each analysis flag, stored inline.</summary>
[InlineArray(16)]
public struct FlagCounts
{
    private int _element;

    public void Add(AnalysisFlags flags)
    {
        uint bits = (uint)flags;
        while (bits != 0)
        {
            int bit = BitOperations.TrailingZeroCount(bits);
            this[bit]++;
            bits &= bits - 1;
        }
    }

    public readonly int Of(AnalysisFlags flag) => this[BitOperations.TrailingZeroCount((uint)flag)];

    /// <summary>Segments sent again: retransmissions of every kind (timeout, fast, spurious).</summary>
    public readonly int Retransmitted =>
        Of(AnalysisFlags.Retransmission) + Of(AnalysisFlags.FastRetransmission) + Of(AnalysisFlags.SpuriousRetransmission);
}
