using PcapSurvival.Core.Sinks;

namespace PcapSurvival.Core.Pipeline;

/// <summary>The analyzer's live side: the commentary, and time that moves between packets.</summary>
public sealed partial class TrafficAnalyzer
{
    private ILiveCommentary? _commentary;

    // The latest time the wall clock gave (live only; 0 for a file, whose end is its last packet).
    private long _clockNs;

    /// <summary>Live only: who hears of give-ups, resumptions, verdicts at a connection's end, and stalls. Set before the first packet.</summary>
    public ILiveCommentary? Commentary
    {
        get => _commentary;
        set
        {
            _commentary = value;
            if (value is not null)
            {
                _tracker.WatchLive(value);
            }
        }
    }

    /// <summary>
    /// Live only: the wall clock says it is <paramref name="nowNs"/> (Unix nanoseconds, the packets' clock) and no packet
    /// says otherwise. Overdue retransmissions are noticed here while the wire is silent; when
    /// <paramref name="standing"/>, every open stall is reported to the <see cref="Commentary"/>. The file statistics and
    /// the connections' finishing stay on packet time, except that <see cref="Complete"/> finishes them at the last tick.
    /// </summary>
    public void AdvanceClock(long nowNs, bool standing = false)
    {
        if (_commentary is not null && !_completed)
        {
            _clockNs = Math.Max(nowNs, Statistics.LastTimestampNs);
            _tracker.AdvanceClock(_clockNs, standing);
        }
    }
}
