using PcapSurvival.Core.Pairing;

namespace PcapSurvival.Core.Tests.Pairing;

/// <summary>The offset from its two bounds: the middle, within half their distance; one bound alone is only a bound.</summary>
public class ClockOffsetEstimateTests
{
    /// <summary>
    /// True offset 2.5 s, delays 3 ms A→B and 1 ms B→A at their smallest: the bounds are 2.499 and 2.503 s, the estimate
    /// 2.501 s ± 2 ms, which holds the truth (the asymmetry is what the uncertainty is for).
    /// </summary>
    [Fact]
    public void BothBounds_GiveTheirMiddleWithinHalfTheirDistance()
    {
        long truth = 2_500_000_000;
        var estimate = new ClockOffsetEstimate(LowerBoundNs: truth - 1_000_000, UpperBoundNs: truth + 3_000_000, CoarseOffsetNs: 0, MatchedSegments: 10);

        Assert.Equal(2_501_000_000, estimate.OffsetNs);
        Assert.Equal(2_000_000, estimate.UncertaintyNs);
        Assert.InRange(truth, estimate.OffsetNs - estimate.UncertaintyNs!.Value, estimate.OffsetNs + estimate.UncertaintyNs.Value);
        Assert.False(estimate.Inconsistent);
    }

    [Fact]
    public void OneBound_IsNoUncertainty_AndNoBoundIsTheCoarseEstimate()
    {
        Assert.Null(new ClockOffsetEstimate(null, 7, 0, 3).UncertaintyNs);
        Assert.Equal(7, new ClockOffsetEstimate(null, 7, 0, 3).OffsetNs);
        Assert.Equal(42, new ClockOffsetEstimate(null, null, 42, 0).OffsetNs);
    }

    [Fact]
    public void CrossedBounds_AreFlaggedInconsistent()
    {
        var estimate = new ClockOffsetEstimate(LowerBoundNs: 10, UpperBoundNs: 4, CoarseOffsetNs: 0, MatchedSegments: 2);

        Assert.True(estimate.Inconsistent);
        Assert.Equal(3, estimate.UncertaintyNs);
    }
}
