using System.Runtime.InteropServices;
using PcapSurvival.Core.Decoding;
using PcapSurvival.Core.Tcp;

namespace PcapSurvival.Core.Pairing;

/// <summary>
/// The connections one capture point saw, by 5-tuple. A connection reusing the same 5-tuple later is counted as the
/// same one here (the per-file analysis beside it tells them apart).
/// </summary>
internal sealed class PointFlows
{
    private readonly Dictionary<FlowKey, int> _index = new();
    private PointFlow[] _flows = new PointFlow[64];

    public int Count { get; private set; }

    public ref PointFlow this[int flow] => ref _flows[flow];

    /// <summary>The flow of a segment, created at its first packet; <paramref name="direction"/> is 0 from its initiator.</summary>
    public int Find(in FlowKey key, in TcpSegment segment, long timeNs, long frame, out int direction)
    {
        ref int slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_index, key, out bool exists);
        if (!exists)
        {
            if (Count == _flows.Length)
            {
                Array.Resize(ref _flows, Count * 2);
            }

            slot = Count++;
            ref var created = ref _flows[slot];
            created.Key = key;
            // A SYN/ACK first: the capture missed the SYN, and its receiver is the initiator.
            bool reversed = segment.Has(TcpFlags.Syn) && segment.Has(TcpFlags.Ack);
            created.InitiatorAddress = reversed ? segment.Destination : segment.Source;
            created.InitiatorPort = reversed ? segment.DestinationPort : segment.SourcePort;
            created.ResponderAddress = reversed ? segment.Source : segment.Destination;
            created.ResponderPort = reversed ? segment.SourcePort : segment.DestinationPort;
            created.Pair = -1;
            created.FirstSeenNs = timeNs;
            created.FirstFrame = frame;
        }

        ref var flow = ref _flows[slot];
        direction = segment.SourcePort == flow.InitiatorPort && segment.Source == flow.InitiatorAddress ? 0 : 1;
        flow.Packets++;
        if (direction == 0 && segment.Has(TcpFlags.Syn) && !segment.Has(TcpFlags.Ack) && !flow.SawSyn)
        {
            flow.SawSyn = true;
            flow.InitialSequence = segment.Sequence;
        }

        flow.Direction(direction).Saw(segment);
        return slot;
    }
}
