using PcapSurvival.Core.Sinks;
using PcapSurvival.Core.Tcp;
using PcapSurvival.Core.Pipeline;

namespace PcapSurvival.Testing;

/// <summary>The segments fed to the tracker as a live capture feeds them: with the clock ticking between packets.</summary>
public sealed partial class Scenario
{
    /// <summary>
    /// Like <see cref="Track"/>, with <paramref name="live"/> told what a live capture says, and the clock advanced every
    /// <paramref name="tickMs"/> between segments and after the last, up to <paramref name="untilMs"/> (scenario time),
    /// as <see cref="TrafficAnalyzer.AdvanceClock"/> does from the wall clock. <paramref name="standingEveryTicks"/>:
    /// how often the ticks ask for the stalls' standing (0: never).
    /// </summary>
    public ScenarioResult TrackLive(ILiveCommentary live, double tickMs, double untilMs, AnalysisOptions? options = null, int standingEveryTicks = 0) =>
        Feed(options, live, tickMs, untilMs, standingEveryTicks, stoppedAtMs: null);

    /// <summary>Without <paramref name="live"/>, no ticks: a file's analysis.</summary>
    private ScenarioResult Feed(AnalysisOptions? options, ILiveCommentary? live, double tickMs, double untilMs, int standingEveryTicks, double? stoppedAtMs)
    {
        var sink = new RecordingSink();
        var statistics = new FileStatistics("scenario");
        var tracker = new ConnectionTracker(options ?? new AnalysisOptions(), sink, statistics);
        if (live is not null)
        {
            tracker.WatchLive(live);
        }

        long tickNs = (long)(tickMs * 1_000_000);
        long nextTick = StartNs + tickNs;
        long ticks = 0;
        long frame = 0;
        long lastNs = 0;
        long clockNs = 0;
        void TickUntil(long ns)
        {
            for (; live is not null && nextTick < ns; nextTick += tickNs)
            {
                ticks++;
                tracker.AdvanceClock(nextTick, standingEveryTicks > 0 && ticks % standingEveryTicks == 0);
                clockNs = nextTick;
            }
        }

        foreach (var entry in _segments)
        {
            if (entry is not var (timeNs, segment))
            {
                throw new InvalidOperationException("a raw packet cannot be tracked without decoding: use Run");
            }

            TickUntil(timeNs);
            frame++;
            if (frame == 1)
            {
                statistics.FirstTimestampNs = timeNs;
            }

            tracker.Process(FlowKey.Of(segment), ref segment, frame, timeNs, startsWithSshBanner: false);
            tracker.FinishIdle(timeNs, frame);
            lastNs = timeNs;
        }

        TickUntil(StartNs + (long)(untilMs * 1_000_000));
        statistics.LastTimestampNs = lastNs;
        // Live, the last tick is when the capture stopped, as in TrafficAnalyzer.Complete.
        long stoppedNs = Math.Max(clockNs, stoppedAtMs is double ms ? StartNs + (long)(ms * 1_000_000) : lastNs);
        tracker.FinishAll(lastNs, frame, Math.Max(lastNs, stoppedNs));
        return new ScenarioResult(sink, statistics);
    }
}
