using PcapSurvival.Core.Decoding;
using PcapSurvival.Core.Tcp;
using static PcapSurvival.Core.Tcp.SequenceNumbers;

namespace PcapSurvival.Core.Outages;

/// <summary>
/// Finds a connection's outages in the same single pass as the packet analysis, from capture time only.
/// Retransmission outages: a side retransmits by timeout while nothing new is acknowledged.
/// Silence outages: a busy connection goes quiet far beyond its usual spacing, then one side
/// resumes with a backlog (what a capture point sees when the other side's own interface was down).
/// </summary>
internal partial struct OutageTracker
{
    /// <summary>A gap counts as silence when it is this many times the connection's usual packet spacing.</summary>
    private const double SilenceFactor = 8;

    /// <summary>Packets a connection must have carried before its spacing is trusted.</summary>
    private const int SteadyPackets = 16;

    /// <summary>Data packets a side must have sent before its rate is trusted.</summary>
    private const int SteadyDataPackets = 4;

    /// <summary>Data after a silence is a backlog when it exceeds the usual rate by this factor.</summary>
    private const double BacklogFactor = 3;

    private Stall? _clientStall;
    private Stall? _serverStall;

    // When each side's data was last acknowledged (by the other side's packets).
    private AckProgress _clientAcked;
    private AckProgress _serverAcked;

    private double _averageGapNs;
    private int _packets;
    private SideRate _clientRate;
    private SideRate _serverRate;
    private SilenceCandidate? _silence;
    private SilenceBeforePace? _silenceBeforePace;
    private HeldStalls? _held;
    private bool _lastFromClient;
    private RecoveryWatch _clientRecovery;
    private RecoveryWatch _serverRecovery;

    /// <summary>Watches one packet, after the per-packet analysis has flagged it.</summary>
    public void Observe(
        Connection connection, bool fromClient, in TcpSegment segment, AnalysisFlags flags,
        long now, long frame, long previousPacketNs, long previousFrame, OutageSettings settings, IOutageObserver observer)
    {
        if (_silence is not null && now > _silence.WindowEndNs)
        {
            DecideSilence(connection, settings, observer);
        }

        WatchForSilence(fromClient, segment, now, frame, previousPacketNs, previousFrame, settings);
        WatchSilenceBeforePace(connection, fromClient, segment.PayloadLength, now, frame, previousPacketNs, previousFrame, settings, observer);
        _clientRecovery.Observe(connection, fromClient, segment, now);
        _serverRecovery.Observe(connection, fromClient, segment, now);
        WatchRetransmissions(connection, fromClient, segment, flags, now, frame, settings, observer);
    }

    /// <summary>Closes whatever is still open when the capture ends (<paramref name="captureEnd"/>) or the connection is evicted.</summary>
    /// <param name="captureEndNs">The capture's last packet (or the eviction's time).</param>
    /// <param name="stoppedNs">When the capture stopped, if it says so and later than its last packet.</param>
    public void Finish(
        Connection connection, long captureEndNs, long captureEndFrame, OutageSettings settings, IOutageObserver observer, bool captureEnd = true,
        long stoppedNs = long.MinValue)
    {
        if (_silence is not null)
        {
            DecideSilence(connection, settings, observer);
        }

        if (_silenceBeforePace is not null)
        {
            DecideSilenceBeforePace(connection, observer);
        }

        _held?.Release(connection, _clientRate.DataPackets + _serverRate.DataPackets, outage =>
        {
            observer.OutageStarted(connection, outage);
            connection.AddOutage(outage);
            observer.OutageEnded(connection, outage);
        });

        if (captureEnd)
        {
            WatchSilenceToTheEnd(connection, captureEndNs, Math.Max(captureEndNs, stoppedNs), captureEndFrame, settings, observer);
        }

        CloseUnlessGivenUp(connection, _clientStall, OutageEnding.CaptureEnd, StallEnd(_clientStall, captureEndNs, stoppedNs), captureEndFrame, settings, observer);
        CloseUnlessGivenUp(connection, _serverStall, OutageEnding.CaptureEnd, StallEnd(_serverStall, captureEndNs, stoppedNs), captureEndFrame, settings, observer);
    }

    public readonly bool HasOpenStall => _clientStall is not null || _serverStall is not null;

    private void WatchRetransmissions(
        Connection connection, bool fromClient, in TcpSegment segment, AnalysisFlags flags,
        long now, long frame, OutageSettings settings, IOutageObserver observer)
    {
        if (segment.Has(TcpFlags.Ack))
        {
            // This packet acknowledges the peer's data: remember when the peer's data last got through.
            ref AckProgress peerProgress = ref fromClient ? ref _serverAcked : ref _clientAcked;
            if (!peerProgress.Seen || GreaterThan(segment.Acknowledgment, peerProgress.HighestAck))
            {
                peerProgress = new AckProgress(true, segment.Acknowledgment, now, frame);
            }
        }

        ref Stall? peerStall = ref fromClient ? ref _serverStall : ref _clientStall;
        if (peerStall is not null && segment.Has(TcpFlags.Ack) && GreaterThan(segment.Acknowledgment, peerStall.AckToBeat))
        {
            Close(connection, peerStall, OutageEnding.Recovered, now, frame, settings, observer);
        }
        else if (peerStall is not null && segment.Has(TcpFlags.Fin))
        {
            // This side's application closed while the other side's data could not get through.
            peerStall.Outage.MarkLoss(ConnectionLoss.ApplicationClosed, fromClient, now, now, connection.IsSsh);
            Close(connection, peerStall, OutageEnding.Fin, now, frame, settings, observer);
        }

        ref Stall? ownStall = ref fromClient ? ref _clientStall : ref _serverStall;
        ownStall?.Sent(now);
        if (segment.Has(TcpFlags.Rst))
        {
            // A RST from the side that was not retransmitting answers the retransmissions: it had forgotten the
            // connection. A RST from the retransmitting side itself means its application aborted the connection,
            // unless the other side was retransmitting too: then it is the one that had forgotten it.
            // A sender that had stopped retransmitting gave up first: the RST is only its consequence.
            if (peerStall is not null && !StoppedRetransmitting(peerStall.Outage, now))
            {
                peerStall.Outage.MarkLoss(ConnectionLoss.PeerForgot, fromClient, now, now, connection.IsSsh);
            }

            if (ownStall is not null && !StoppedRetransmitting(ownStall.Outage, now))
            {
                var loss = peerStall is null ? ConnectionLoss.ApplicationClosed : ConnectionLoss.PeerForgot;
                ownStall.Outage.MarkLoss(loss, fromClient, now, now, connection.IsSsh);
            }

            CloseUnlessGivenUp(connection, _clientStall, OutageEnding.Reset, now, frame, settings, observer);
            CloseUnlessGivenUp(connection, _serverStall, OutageEnding.Reset, now, frame, settings, observer);
            return;
        }

        if (ownStall is not null && segment.Has(TcpFlags.Fin) && !ownStall.FinBefore)
        {
            // The first FIN of this side, during its own outage: its application closed meanwhile (the FIN rode on a
            // retransmission), after the previous transmission and by this one.
            ownStall.Outage.MarkLoss(ConnectionLoss.ApplicationClosed, fromClient, ownStall.Outage.LastTransmissionNs, now, connection.IsSsh);
        }

        if (ownStall is { Outage.Handshake: true } && segment.Has(TcpFlags.Ack) && !segment.Has(TcpFlags.Syn))
        {
            // Only a side whose SYN (or SYN/ACK) was answered sends a plain ACK: the handshake got through, even when
            // the capture holds one direction only and the answer is not in it.
            Close(connection, ownStall, OutageEnding.Recovered, now, frame, settings, observer);
        }

        bool timeoutRetransmission = (flags & AnalysisFlags.Retransmission) != 0;
        bool retransmissionDuringStall = ownStall is not null && (flags & AnalysisFlags.AnyRetransmission) != 0;
        if (!timeoutRetransmission && !retransmissionDuringStall)
        {
            return;
        }

        if (ownStall is null)
        {
            ref readonly var sender = ref connection.From(fromClient);
            if (!sender.InFlight.TryGetOldest(out long startNs, out long startFrame)
                && !sender.InFlight.TryFind(segment.Sequence, out startNs, out startFrame))
            {
                (startNs, startFrame) = (now, frame);
            }

            // Any ACK beyond what the receiver had acknowledged so far means new data got through.
            ref readonly var receiver = ref connection.From(!fromClient);
            uint ackToBeat = receiver.LastAck != 0 && (receiver.Packets > 0) ? receiver.LastAck : segment.Sequence;
            // An outage cannot have started before this side's data last got through.
            ref readonly var lastThrough = ref fromClient ? ref _clientAcked : ref _serverAcked;
            if (startNs < lastThrough.AtNs)
            {
                (startNs, startFrame) = (lastThrough.AtNs, lastThrough.AtFrame);
            }

            var outage = new Outage(OutageKind.Retransmission, fromClient, Math.Min(startNs, now), startFrame)
            {
                Handshake = segment.Has(TcpFlags.Syn),
            };
            ownStall = new Stall(outage, ackToBeat, sender.SawFin);
        }

        ownStall.Outage.AddRetransmission(now, segment.PayloadLength);
        if (ownStall.GaveUpSaid)
        {
            ownStall.GaveUpSaid = false; // live only: said to have given up, it retransmitted after all
            observer.SenderResumed(connection, ownStall.Outage, now);
        }

        // In a connection that already lost packets, a stall is held until its end (HeldStalls): announced when reported.
        if (!ownStall.Announced && now - ownStall.Outage.StartNs >= settings.MinOutageNs && connection.ShortStalls == 0)
        {
            ownStall.Announced = true;
            observer.OutageStarted(connection, ownStall.Outage);
        }
    }

    /// <summary>
    /// Ends a stall by a RST or the end of the capture (<paramref name="ending"/>), unless the stalled sender had
    /// already stopped retransmitting: then it gave up first.
    /// </summary>
    private void CloseUnlessGivenUp(
        Connection connection, Stall? stall, OutageEnding ending, long now, long frame, OutageSettings settings, IOutageObserver observer)
    {
        if (stall is not null)
        {
            Close(connection, stall, StoppedRetransmitting(stall.Outage, now) ? OutageEnding.GaveUp : ending, now, frame, settings, observer);
        }
    }

    private void Close(Connection connection, Stall stall, OutageEnding ending, long now, long frame, OutageSettings settings, IOutageObserver observer)
    {
        if (ReferenceEquals(stall, _clientStall))
        {
            _clientStall = null;
        }
        else
        {
            _serverStall = null;
        }

        var outage = stall.Outage;
        var times = outage.TransmissionTimes;
        long firstRetransmission = times.Count > 1 ? times[1] : now;
        bool handshakeBudget = outage.Handshake && settings.UserTimeoutSeconds is null;

        // Established connections give up by time since the first retransmission; handshakes by count, which is the
        // time since the first SYN in the 1 s-based model.
        long budgetStart = handshakeBudget ? times[0] : firstRetransmission;
        long end = now;
        if (ending == OutageEnding.GaveUp)
        {
            end = Math.Min(now, ExpectedNextTransmission(outage));
            outage.MatchingRetries = outage.Handshake
                ? (outage.Retransmissions, outage.Retransmissions)
                : LinuxRetransmissionBudget.MatchingRetries2(
                    (outage.LastTransmissionNs - firstRetransmission) / 1e9, (end - firstRetransmission) / 1e9);
        }
        else if (ending is OutageEnding.Recovered or OutageEnding.Reset && times.Count > 1)
        {
            SetNetworkBack(outage, now, connection.HandshakeRttNs, stall);
        }

        outage.EndNs = Math.Max(end, outage.StartNs);
        outage.EndFrame = frame;
        outage.EndFrameNs = now;
        outage.EndedBy = ending;
        outage.IsOpen = false;
        outage.BudgetIsUserTimeout = settings.UserTimeoutSeconds is not null;
        outage.BudgetRetries = !handshakeBudget ? settings.Retries2
            : outage.ClientStalled ? LinuxRetransmissionBudget.DefaultSynRetries : LinuxRetransmissionBudget.DefaultSynAckRetries;
        outage.BudgetSeconds = handshakeBudget ? LinuxRetransmissionBudget.HandshakeSeconds(outage.BudgetRetries) : settings.BudgetSeconds;
        outage.BudgetUsedPercent = 100.0 * Math.Max(0, outage.EndNs - budgetStart) / 1e9 / outage.BudgetSeconds.Value;
        if (outage.EndNs - outage.StartNs < settings.MinOutageNs)
        {
            connection.ShortStalls++;
            return;
        }

        if (ending == OutageEnding.Recovered && outage.Loss == ConnectionLoss.None)
        {
            long rtt = Math.Max(connection.HandshakeRttNs, Math.Min(now - outage.LastTransmissionNs, 1_000_000_000));
            (outage.ClientStalled ? ref _clientRecovery : ref _serverRecovery).Start(outage, connection.From(outage.ClientStalled), now, rtt);
        }

        if (!stall.Announced && connection.ShortStalls > 0 && ending == OutageEnding.Recovered && outage.Loss == ConnectionLoss.None
            && !outage.Handshake && _held?.IsFull != true)
        {
            (_held ??= new HeldStalls()).Hold(outage); // its loss rate, known at the end, may explain it
            return;
        }

        if (!stall.Announced)
        {
            observer.OutageStarted(connection, outage);
        }

        connection.AddOutage(outage);
        observer.OutageEnded(connection, outage);
    }

    /// <summary>
    /// Bounds when the network came back, from both directions: after the stalled side's last packet that went
    /// unanswered (a retransmission, or an acknowledgement of the other side's packets), and no later than the one
    /// that got through. When the answer came much later than a round trip after the last retransmission, it was not
    /// caused by it: the other side's own packet got through (a one-way outage), or the retransmission was held on the
    /// way (a router queues packets while it waits for a link). The network then came back after the stalled side's
    /// last packet, and a round trip (unknown for a connection picked up midstream: none) before the answer at the latest.
    /// </summary>
    private static void SetNetworkBack(Outage outage, long answerNs, long rttNs, Stall stall)
    {
        var times = outage.TransmissionTimes;
        long answered = times[^1];
        long rtt = Math.Max(rttNs, 0);
        if (answerNs - answered > Math.Max(4 * rtt, rtt + 200_000_000))
        {
            outage.NetworkBackAfterNs = Math.Max(answered, Math.Min(stall.LastSentNs, answerNs));
            outage.NetworkBackByNs = Math.Max(outage.NetworkBackAfterNs.Value, answerNs - rtt);
        }
        else
        {
            // A packet of the stalled side between its last two retransmissions went unanswered too.
            long before = stall.LastSentNs == answered ? stall.PreviousSentNs : 0;
            outage.NetworkBackAfterNs = Math.Max(times[^2], before);
            outage.NetworkBackByNs = answered;
        }
    }

    /// <summary>When the sender's next retransmission was due, following its own backoff (doubling, capped at 120 s).</summary>
    private static long ExpectedNextTransmission(Outage outage)
    {
        var times = outage.TransmissionTimes;
        long lastInterval = times.Count > 1 ? times[^1] - times[^2] : 200_000_000;
        long next = Math.Min(2 * lastInterval, (long)(LinuxRetransmissionBudget.RtoMaxSeconds * 1e9));
        return times[^1] + Math.Max(next, 200_000_000);
    }

    /// <summary>True when the sender let its next retransmission pass by well before <paramref name="now"/>.</summary>
    private static bool StoppedRetransmitting(Outage outage, long now)
    {
        long expected = ExpectedNextTransmission(outage);
        long slack = Math.Max(1_000_000_000, (expected - outage.LastTransmissionNs) / 2);
        return now > expected + slack;
    }

    private void WatchForSilence(bool fromClient, in TcpSegment segment, long now, long frame, long previousPacketNs, long previousFrame, OutageSettings settings)
    {
        long gap = now - previousPacketNs;
        if (_packets >= SteadyPackets && gap >= settings.MinOutageNs && gap > SilenceFactor * _averageGapNs && !HasOpenStall && _silence is null)
        {
            long window = Math.Clamp((long)(4 * _averageGapNs), 200_000_000L, 1_000_000_000L);
            _silence = new SilenceCandidate(previousPacketNs, previousFrame, now, frame, now + window, _clientRate, _serverRate);
        }

        // Gaps of an outage's length are outages or idle time, not the connection's usual spacing.
        if (_packets > 0 && gap >= 0 && gap < settings.MinOutageNs)
        {
            _averageGapNs = _averageGapNs == 0 ? gap : _averageGapNs + ((gap - _averageGapNs) / 4);
        }

        _packets++;
        _lastFromClient = fromClient;
        if (segment.PayloadLength > 0)
        {
            ref SideRate rate = ref fromClient ? ref _clientRate : ref _serverRate;
            _silence?.Add(fromClient, segment.PayloadLength);
            rate.Observe(segment.PayloadLength, now, settings.MinOutageNs);
        }
    }

    /// <summary>
    /// A busy connection that fell silent mid-conversation and stayed silent until the capture ended: an outage still
    /// going on, seen from a capture point that saw nothing at all (its own link was down). What decides it: data it
    /// had sent left unacknowledged (a sender always retransmits owed data, so a capture beside it that sees no
    /// retransmission saw nothing), or, with nothing owed, a capture that saw no packet at all from this
    /// connection's last one until it stopped (<paramref name="stoppedNs"/>, known beyond the last packet from a live
    /// capture's stop or pcapng's isb_endtime) while the connection was still carrying data at its pace. An idle
    /// session, everything it said acknowledged, has simply nothing to send; one that paused while other traffic
    /// went on was not cut off either.
    /// </summary>
    /// <param name="lastPacketNs">The capture's last packet.</param>
    private readonly void WatchSilenceToTheEnd(
        Connection connection, long lastPacketNs, long stoppedNs, long endFrame, OutageSettings settings, IOutageObserver observer)
    {
        long gap = stoppedNs - connection.LastSeenNs;
        if (HasOpenStall || _packets < SteadyPackets || _averageGapNs <= 0 || gap < settings.MinOutageNs || gap <= SilenceFactor * _averageGapNs
            || connection.State is ConnectionState.Closed or ConnectionState.Reset)
        {
            return;
        }

        long clientOwed = Owed(connection.Client, connection.Server);
        long serverOwed = Owed(connection.Server, connection.Client);
        bool captureSilent = connection.LastSeenNs >= lastPacketNs && CarryingDataAt(connection.LastSeenNs);
        if (clientOwed == 0 && serverOwed == 0 && !captureSilent)
        {
            return;
        }

        // The side owed the most stalled; with nothing owed, the one that sent last (its next packet was due).
        bool clientStalled = clientOwed != serverOwed ? clientOwed > serverOwed : _lastFromClient;
        var outage = new Outage(OutageKind.Silence, clientStalled, connection.LastSeenNs, connection.LastFrame)
        {
            EndNs = stoppedNs,
            EndFrame = endFrame,
            EndFrameNs = lastPacketNs,
            EndedBy = OutageEnding.CaptureEnd,
            IsOpen = false,
            OwedBytes = clientStalled ? clientOwed : serverOwed,
            UsualSpacingNs = (long)_averageGapNs,
            CaptureSilent = captureSilent,
        };
        observer.OutageStarted(connection, outage);
        connection.AddOutage(outage);
        observer.OutageEnded(connection, outage);
    }

    /// <summary>Either side still sent data at its usual pace up to <paramref name="lastNs"/>: a conversation, not an idle session.</summary>
    private readonly bool CarryingDataAt(long lastNs) =>
        IsCarrying(_clientRate, lastNs) || IsCarrying(_serverRate, lastNs);

    private static bool IsCarrying(in SideRate rate, long lastNs) =>
        rate.DataPackets >= SteadyDataPackets && rate.AverageSpacingNs > 0 && lastNs - rate.LastDataNs <= 2 * rate.AverageSpacingNs;

    /// <summary>Bytes (a FIN counts one) that <paramref name="sender"/> sent and <paramref name="receiver"/> had not acknowledged.</summary>
    private static long Owed(in FlowState sender, in FlowState receiver) =>
        sender.InFlight.Count > 0 && receiver.SawAck && GreaterThan(sender.NextSeq, receiver.LastAck) ? sender.NextSeq - receiver.LastAck : 0;

    private void DecideSilence(Connection connection, OutageSettings settings, IOutageObserver observer)
    {
        var candidate = _silence!;
        _silence = null;
        double window = candidate.WindowEndNs - candidate.ResumeNs;
        double clientExcess = candidate.ClientPaceBefore.Excess(candidate.ClientPackets, candidate.ClientBytes, window);
        double serverExcess = candidate.ServerPaceBefore.Excess(candidate.ServerPackets, candidate.ServerBytes, window);
        if (clientExcess < BacklogFactor && serverExcess < BacklogFactor)
        {
            return; // the connection simply went quiet and carried on: idle, not an outage
        }

        bool clientStalled = clientExcess >= serverExcess;
        AddSilence(connection, clientStalled, candidate.StartNs, candidate.StartFrame, candidate.ResumeNs, candidate.ResumeFrame,
            clientStalled ? candidate.ClientBytes : candidate.ServerBytes, observer);
    }

    /// <summary>
    /// A long gap in a connection picked up midstream with no pace known before it (fewer than <see cref="SteadyPackets"/>:
    /// the capture started just before) is held until the pace after it is known (<see cref="SilenceBeforePace"/>).
    /// </summary>
    private void WatchSilenceBeforePace(
        Connection connection, bool fromClient, int payload, long now, long frame, long previousPacketNs, long previousFrame,
        OutageSettings settings, IOutageObserver observer)
    {
        long gap = now - previousPacketNs;
        if (_silenceBeforePace is not null && gap >= settings.MinOutageNs)
        {
            DecideSilenceBeforePace(connection, observer); // another long gap: the pace after the first is what it is
        }

        if (_silenceBeforePace is null && connection.Midstream && _packets <= SteadyPackets && _packets > 1 && gap >= settings.MinOutageNs
            && !HasOpenStall && _silence is null)
        {
            _silenceBeforePace = new SilenceBeforePace(previousPacketNs, previousFrame, now, frame);
        }

        if (_silenceBeforePace?.Add(fromClient, payload, now) == true)
        {
            DecideSilenceBeforePace(connection, observer);
        }
    }

    private void DecideSilenceBeforePace(Connection connection, IOutageObserver observer)
    {
        var candidate = _silenceBeforePace!;
        _silenceBeforePace = null;
        if (candidate.BacklogSide(SilenceFactor, BacklogFactor) is bool clientStalled)
        {
            AddSilence(connection, clientStalled, candidate.StartNs, candidate.StartFrame, candidate.ResumeNs, candidate.ResumeFrame,
                candidate.BacklogBytes(clientStalled), observer);
        }
    }

    /// <summary>A silence that ended with <paramref name="backlogBytes"/> of the stalled side's data delivered at once.</summary>
    private static void AddSilence(
        Connection connection, bool clientStalled, long startNs, long startFrame, long resumeNs, long resumeFrame, long backlogBytes, IOutageObserver observer)
    {
        var outage = new Outage(OutageKind.Silence, clientStalled, startNs, startFrame)
        {
            EndNs = resumeNs,
            EndFrame = resumeFrame,
            EndFrameNs = resumeNs,
            EndedBy = OutageEnding.Recovered,
            IsOpen = false,
            NetworkBackAfterNs = startNs,
            NetworkBackByNs = resumeNs,
            BacklogBytes = backlogBytes,
        };
        observer.OutageStarted(connection, outage);
        connection.AddOutage(outage);
        observer.OutageEnded(connection, outage);
    }

    private sealed class Stall(Outage outage, uint ackToBeat, bool finBefore)
    {
        /// <summary>This side had sent its FIN before the outage began.</summary>
        public bool FinBefore { get; } = finBefore;

        public Outage Outage { get; } = outage;

        /// <summary>An ACK above this acknowledges the retransmitted data: the stall is over.</summary>
        public uint AckToBeat { get; } = ackToBeat;

        public bool Announced { get; set; }

        /// <summary>Live only: the sender was said to have given up (<see cref="WatchOverdue"/>).</summary>
        public bool GaveUpSaid { get; set; }

        /// <summary>The stalled side's latest packet of any kind during the stall, and the one before it.</summary>
        public long LastSentNs { get; private set; }

        public long PreviousSentNs { get; private set; }

        public void Sent(long now) => (PreviousSentNs, LastSentNs) = (LastSentNs, now);
    }

    /// <summary>The highest ACK seen for one side's data, and when (in which frame) it arrived.</summary>
    private readonly record struct AckProgress(bool Seen, uint HighestAck, long AtNs, long AtFrame);

    /// <summary>A long gap that becomes a silence outage if one side then delivers a backlog.</summary>
    private sealed class SilenceCandidate(
        long startNs, long startFrame, long resumeNs, long resumeFrame, long windowEndNs, SideRate clientPace, SideRate serverPace)
    {
        /// <summary>Each side's pace before the silence, kept apart from what the backlog itself does to the averages.</summary>
        public SideRate ClientPaceBefore { get; } = clientPace;
        public SideRate ServerPaceBefore { get; } = serverPace;

        public long StartNs { get; } = startNs;
        public long StartFrame { get; } = startFrame;
        public long ResumeNs { get; } = resumeNs;
        public long ResumeFrame { get; } = resumeFrame;

        /// <summary>Data arriving until this time counts as what came right after the silence.</summary>
        public long WindowEndNs { get; } = windowEndNs;
        public int ClientPackets { get; private set; }
        public long ClientBytes { get; private set; }
        public int ServerPackets { get; private set; }
        public long ServerBytes { get; private set; }

        public void Add(bool fromClient, int bytes)
        {
            if (fromClient)
            {
                ClientPackets++;
                ClientBytes += bytes;
            }
            else
            {
                ServerPackets++;
                ServerBytes += bytes;
            }
        }
    }

    /// <summary>A side's usual pace: moving averages of payload size and of the spacing between its data packets.</summary>
    private struct SideRate
    {
        public int DataPackets;
        public double AveragePayload;
        public double AverageSpacingNs;
        public long LastDataNs;

        public void Observe(int payload, long now, long minOutageNs)
        {
            AveragePayload = DataPackets == 0 ? payload : AveragePayload + ((payload - AveragePayload) / 4);
            long spacing = now - LastDataNs;
            if (DataPackets > 0 && spacing >= 0 && spacing < minOutageNs)
            {
                AverageSpacingNs = AverageSpacingNs == 0 ? spacing : AverageSpacingNs + ((spacing - AverageSpacingNs) / 4);
            }

            DataPackets++;
            LastDataNs = now;
        }

        /// <summary>
        /// How many times more packets or bytes the side delivered in <paramref name="windowNs"/> after the silence
        /// than its usual pace gives in that time; 0 when the side had no steady pace to compare with.
        /// </summary>
        public readonly double Excess(int packetsAfter, long bytesAfter, double windowNs)
        {
            if (DataPackets < SteadyDataPackets || packetsAfter == 0 || AverageSpacingNs <= 0)
            {
                return 0;
            }

            double expectedPackets = Math.Max(1, windowNs / AverageSpacingNs);
            double expectedBytes = Math.Max(2 * AveragePayload, expectedPackets * AveragePayload);
            return Math.Max(packetsAfter / expectedPackets, bytesAfter / expectedBytes);
        }
    }
}
