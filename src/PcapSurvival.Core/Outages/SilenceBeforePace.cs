namespace PcapSurvival.Core.Outages;

/// <summary>
/// A long silence in a connection whose pace was not known before it (picked up midstream, or just opened). It was an
/// outage when one side then delivers at once what its pace, measured after the silence, would have carried during
/// it, and keeps that pace: the backlog its application queued while the network was down (a server printing a line
/// every 0.5 s whose link was down 6 s sends 12 lines together when it returns). An application that merely paused
/// has no backlog; one that writes a large block after a pause has no matching steady pace.
/// </summary>
internal sealed class SilenceBeforePace(long startNs, long startFrame, long resumeNs, long resumeFrame)
{
    /// <summary>Data this soon after the silence is the backlog (it leaves in a burst); later data is the side's pace.</summary>
    private const long BurstWindowNs = 200_000_000;

    /// <summary>Data packets after the burst needed to know a side's pace.</summary>
    private const int PacePackets = 4;

    private Side _client;
    private Side _server;

    public long StartNs { get; } = startNs;
    public long StartFrame { get; } = startFrame;
    public long ResumeNs { get; } = resumeNs;
    public long ResumeFrame { get; } = resumeFrame;

    /// <summary>Counts a packet's payload; true once a side's pace after the burst is known, so the silence can be decided.</summary>
    public bool Add(bool fromClient, int payload, long now)
    {
        if (payload <= 0)
        {
            return false;
        }

        ref Side side = ref fromClient ? ref _client : ref _server;
        if (now - ResumeNs <= BurstWindowNs)
        {
            side.Burst += payload;
            return false;
        }

        side.Pace(payload, now);
        return side.Packets >= PacePackets;
    }

    /// <summary>The side whose burst was the backlog of the silence (true: the client), or null when neither's was.</summary>
    /// <param name="silenceFactor">How many times its pace's spacing the silence must last.</param>
    /// <param name="backlogFactor">How many times its usual payload the burst must carry.</param>
    public bool? BacklogSide(double silenceFactor, double backlogFactor)
    {
        long gap = ResumeNs - StartNs;
        bool client = _client.IsBacklog(gap, silenceFactor, backlogFactor);
        bool server = _server.IsBacklog(gap, silenceFactor, backlogFactor);
        return client || server ? (client && server ? _client.Burst >= _server.Burst : client) : null;
    }

    public long BacklogBytes(bool client) => client ? _client.Burst : _server.Burst;

    private struct Side
    {
        public long Burst;
        public int Packets;
        private long _bytes;
        private long _firstNs;
        private long _lastNs;
        private long _shortestNs;
        private long _longestNs;

        public void Pace(int payload, long now)
        {
            if (Packets > 0)
            {
                long spacing = now - _lastNs;
                _shortestNs = Packets == 1 ? spacing : Math.Min(_shortestNs, spacing);
                _longestNs = Math.Max(_longestNs, spacing);
            }

            _firstNs = Packets == 0 ? now : _firstNs;
            _lastNs = now;
            _bytes += payload;
            Packets++;
        }

        /// <summary>
        /// The burst holds about what this side's pace would have carried during the silence (between half and twice
        /// as much, and several payloads), the silence lasted many times the pace's spacing, and the pace is steady
        /// (every spacing within half and twice the mean: a periodic writer, not a conversation's bursts).
        /// </summary>
        public readonly bool IsBacklog(long gapNs, double silenceFactor, double backlogFactor)
        {
            if (Packets < PacePackets || Burst == 0 || _lastNs <= _firstNs)
            {
                return false;
            }

            double spacing = (double)(_lastNs - _firstNs) / (Packets - 1);
            double payload = (double)_bytes / Packets;
            double expected = gapNs / spacing * payload;
            bool steady = _shortestNs >= spacing / 2 && _longestNs <= 2 * spacing;
            return steady && gapNs >= silenceFactor * spacing && Burst >= backlogFactor * payload && Burst >= expected / 2 && Burst <= (2 * expected) + payload;
        }
    }
}
