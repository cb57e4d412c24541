using System.Runtime.CompilerServices;
using PcapSurvival.Core.Decoding;

namespace PcapSurvival.Core.Tcp;

/// <summary>
/// Recognises the second capture of one packet, as <c>tcpdump -i any</c> on a router takes each forwarded packet
/// in and out: seen at another capture point (SLL packet type, SLL2 interface) with the same IP ID, sequence,
/// acknowledgment, length, flags and window as one of the last <see cref="Remembered"/> segments of its direction.
/// A sender's real retransmission is never one: it carries a new IP ID. The copy usually follows within
/// microseconds; while the router resolves the next hop (after a link came back) it queues the packets and sends
/// them up to <see cref="MaxQueuedNs"/> later. IPv6 (and IPv4 with ID 0) has no ID to tell a retransmission by,
/// so there the copy must come within <see cref="MaxDelayNs"/>. 65 bytes a direction; one test a packet when the
/// link type names no capture point.
/// </summary>
internal struct CaptureCopyWatch
{
    /// <summary>Segments remembered: the router's neighbour queue released three held packets at once in the lab.</summary>
    internal const int Remembered = 4;

    /// <summary>A router forwards in microseconds; a few milliseconds leave room for a loaded one.</summary>
    internal const long MaxDelayNs = 5_000_000;

    /// <summary>Linux holds packets while it resolves a neighbour: 3 probes a second apart (mcast_solicit × retrans_time).</summary>
    internal const long MaxQueuedNs = 3_000_000_000;

    /// <summary>
    /// Marks a capture point that names no interface (SLL v1: its packet type only): two interfaces of one host can
    /// give the same point, so there a packet with an IP ID seen again at the same point within <see cref="MaxDelayNs"/>
    /// is a copy too.
    /// </summary>
    internal const uint InterfaceUnknown = 1u << 31;

    private Entries _entries;
    private byte _next;

    /// <summary>Whether <paramref name="segment"/> is a copy of a segment seen lately; if not, it is remembered.</summary>
    public bool IsCopy(in TcpSegment segment, long now)
    {
        uint point = segment.CapturePoint;
        if (point == 0)
        {
            return false;
        }

        uint fingerprint = (uint)HashCode.Combine(segment.IpId, segment.Sequence, segment.Acknowledgment, segment.PayloadLength, segment.Flags, segment.Window);
        long maxDelay = segment.IpId != 0 ? MaxQueuedNs : MaxDelayNs;
        for (int i = 0; i < Remembered; i++)
        {
            ref var entry = ref _entries[i];
            if (entry.Fingerprint == fingerprint && entry.Point != 0 && now - entry.TimeNs <= maxDelay
                && (entry.Point != point || ((point & InterfaceUnknown) != 0 && segment.IpId != 0 && now - entry.TimeNs <= MaxDelayNs)))
            {
                return true; // the original stays: a third capture point compares with it too
            }
        }

        _entries[_next] = new Entry { TimeNs = now, Fingerprint = fingerprint, Point = point };
        _next = (byte)((_next + 1) % Remembered);
        return false;
    }

    private struct Entry
    {
        public long TimeNs;
        public uint Fingerprint;
        public uint Point;
    }

    [InlineArray(Remembered)]
    private struct Entries
    {
        private Entry _first;
    }
}
