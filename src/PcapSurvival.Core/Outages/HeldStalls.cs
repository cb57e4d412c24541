using PcapSurvival.Core.Tcp;

namespace PcapSurvival.Core.Outages;

/// <summary>
/// Stalls of --min-outage or longer in a connection that already lost packets (it had short stalls), held until the
/// connection ends, when its loss rate is known. Under heavy random loss a few tries in a row are lost now and then
/// and TCP's backoff turns them into a freeze of seconds: a stall whose run of failed tries that loss rate makes
/// expected is loss, not an outage (the network never went down). Each try fails with the probability q measured
/// outside such stalls (retransmissions per data segment), so among T tries a run of r failures is expected
/// T × q^r times; a real outage, a run no loss rate of the connection explains, stays an outage.
/// </summary>
internal sealed class HeldStalls
{
    /// <summary>Held at most; beyond, a stall is reported as an outage at once.</summary>
    public const int Capacity = 32;

    /// <summary>Short stalls (each a timeout) a connection needs before its loss can explain a longer one: a pattern, as for <c>degraded</c>.</summary>
    public const int MinShortStalls = 5;

    /// <summary>A run of failed tries expected at least this often among the connection's tries is explained by its loss.</summary>
    public const double ExpectedRuns = 0.01;

    private readonly List<Outage> _stalls = [];

    public bool IsFull => _stalls.Count >= Capacity;

    public void Hold(Outage outage) => _stalls.Add(outage);

    /// <summary>
    /// Reports each held stall: as an outage unless <paramref name="connection"/>'s loss explains it (then it is
    /// counted in <see cref="Connection.LossStalls"/>).
    /// </summary>
    /// <param name="dataSegments">Data segments the connection carried, both sides, retransmissions included.</param>
    public void Release(Connection connection, long dataSegments, Action<Outage> report)
    {
        int failedInStalls = 0;
        foreach (var stall in _stalls)
        {
            failedInStalls += stall.Retransmissions;
        }

        long failed = connection.FlagCounts.Retransmitted - failedInStalls;
        long tries = dataSegments - failedInStalls - _stalls.Count;
        double q = tries > 0 ? Math.Clamp((double)failed / tries, 0, 1) : 0;
        foreach (var stall in _stalls)
        {
            bool explained = connection.ShortStalls >= MinShortStalls && stall.Loss == ConnectionLoss.None
                && stall.EndedBy == OutageEnding.Recovered && tries * Math.Pow(q, stall.Retransmissions) >= ExpectedRuns;
            if (explained)
            {
                connection.LossStalls++;
                connection.LongestLossStallSeconds = Math.Max(connection.LongestLossStallSeconds, stall.DurationSeconds);
            }
            else
            {
                report(stall);
            }
        }

        _stalls.Clear();
    }
}
