namespace PcapSurvival.Core.Tcp;

/// <summary>
/// Round-trip samples of one direction, accumulated in four numbers (count, min, max, sums): the memory of a
/// connection does not grow with its length.
/// </summary>
public struct RttEstimator
{
    private double _sum;
    private double _sumOfSquares;

    public int Count { get; private set; }

    public long MinNs { get; private set; }

    public long MaxNs { get; private set; }

    public readonly double AverageNs => Count == 0 ? 0 : _sum / Count;

    /// <summary>The samples' standard deviation (with n - 1, as tcptrace), 0 below two samples.</summary>
    public readonly double StandardDeviationNs =>
        Count < 2 ? 0 : Math.Sqrt(Math.Max(0, (_sumOfSquares - (_sum * _sum / Count)) / (Count - 1)));

    public void Add(long sampleNs)
    {
        if (Count == 0 || sampleNs < MinNs)
        {
            MinNs = sampleNs;
        }

        if (Count == 0 || sampleNs > MaxNs)
        {
            MaxNs = sampleNs;
        }

        Count++;
        _sum += sampleNs;
        _sumOfSquares += (double)sampleNs * sampleNs;
    }
}
