using System.Runtime.InteropServices;

namespace PcapSurvival.Core.Pairing;

/// <summary>
/// The segments of the last window, in the order they were first seen (a ring, which is also the expiry queue),
/// with an index per capture point from fingerprint to the oldest unmatched segment that has it. Memory is bounded
/// by the packets of one window; nothing is allocated per packet once the ring has grown to that size.
/// </summary>
internal sealed class PendingSegments
{
    private readonly Dictionary<SegmentFingerprint, Chain>[] _unmatched = [new(), new()];
    private PendingSegment[] _ring = new PendingSegment[1024];
    private long _head;
    private long _tail;

    public int Count => (int)(_tail - _head);

    public ref PendingSegment this[long id] => ref _ring[id & (_ring.Length - 1)];

    /// <summary>
    /// The oldest unmatched segment with this fingerprint seen at <paramref name="point"/>, taken out of the index
    /// (it stays in the window, to be settled as matched); false when there is none.
    /// </summary>
    public bool TryTake(CapturePoint point, in SegmentFingerprint print, out long id)
    {
        var index = _unmatched[(int)point];
        ref var chain = ref CollectionsMarshal.GetValueRefOrNullRef(index, print);
        if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref chain))
        {
            id = -1;
            return false;
        }

        id = chain.Head;
        long next = this[id].NextSame;
        if (next < 0)
        {
            index.Remove(print);
        }
        else
        {
            chain.Head = next;
        }

        return true;
    }

    /// <summary>Adds a segment at the end of the window and returns its slot to fill (its fingerprint and point are set).</summary>
    public ref PendingSegment Add(CapturePoint point, in SegmentFingerprint print)
    {
        if (_tail - _head == _ring.Length)
        {
            Grow();
        }

        long id = _tail++;
        ref var entry = ref this[id];
        entry = default;
        entry.Print = print;
        entry.Point = point;
        entry.NextSame = -1;
        ref var chain = ref CollectionsMarshal.GetValueRefOrAddDefault(_unmatched[(int)point], print, out bool exists);
        if (exists)
        {
            this[chain.Tail].NextSame = id;
            chain.Tail = id;
        }
        else
        {
            chain = new Chain { Head = id, Tail = id };
        }

        return ref entry;
    }

    /// <summary>The oldest segment of the window, if first seen before <paramref name="beforeNs"/> (merged time).</summary>
    public bool TryPeekOlderThan(long beforeNs, out long id)
    {
        id = _head;
        return _head < _tail && this[_head].MergedNs < beforeNs;
    }

    /// <summary>
    /// Removes the oldest segment from the window. An unmatched one is the oldest of its fingerprint at its point
    /// (older ones were matched or settled before it), so it leaves the index too.
    /// </summary>
    public void RemoveOldest()
    {
        ref var entry = ref this[_head];
        if (!entry.Matched)
        {
            var index = _unmatched[(int)entry.Point];
            ref var chain = ref CollectionsMarshal.GetValueRefOrNullRef(index, entry.Print);
            if (!System.Runtime.CompilerServices.Unsafe.IsNullRef(ref chain) && chain.Head == _head)
            {
                if (entry.NextSame < 0)
                {
                    index.Remove(entry.Print);
                }
                else
                {
                    chain.Head = entry.NextSame;
                }
            }
        }

        _head++;
    }

    private void Grow()
    {
        var bigger = new PendingSegment[_ring.Length * 2];
        for (long id = _head; id < _tail; id++)
        {
            bigger[id & (bigger.Length - 1)] = this[id];
        }

        _ring = bigger;
    }

    private struct Chain
    {
        public long Head;
        public long Tail;
    }
}
