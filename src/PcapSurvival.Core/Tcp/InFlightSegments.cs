namespace PcapSurvival.Core.Tcp;

/// <summary>
/// The data one side has sent that the other has not yet acknowledged, as a ring of segment ends in
/// sequence order with the time and frame of their first transmission. It answers "when was the oldest
/// unacknowledged byte first sent?" and "when was this retransmitted byte first sent?".
/// The ring starts empty and grows (in powers of two) only as far as the data outstanding at once, up to a fixed
/// bound; it is kept once grown, since a sender that needed it once will need it again. Acknowledged segments stay
/// in the ring's free slots, behind the outstanding ones, until new segments need the room: a spurious
/// retransmission (of data already acknowledged) can then still cite its first transmission.
/// </summary>
internal struct InFlightSegments
{
    /// <summary>Beyond this many outstanding segments, new ones are merged into the newest entry.</summary>
    public const int MaxEntries = 1024;

    private Entry[]? _entries;
    private int _head;
    private int _count;

    /// <summary>Acknowledged segments still in the ring, just before <see cref="_head"/>, oldest first.</summary>
    private int _acknowledged;

    public readonly int Count => _count;

    /// <summary>Records a segment ending at <paramref name="end"/> that advanced the sender's highest sequence.</summary>
    public void Sent(uint end, long timeNs, long frame)
    {
        // Only new data: the ring stays in sequence order, and data already acknowledged is not in flight again.
        if (_count > 0 ? !SequenceNumbers.GreaterThan(end, Newest.End)
            : _acknowledged > 0 && !SequenceNumbers.GreaterThan(end, _entries![(_head - 1) & (_entries.Length - 1)].End))
        {
            return;
        }

        if (_count == MaxEntries)
        {
            Newest.End = end;
            return;
        }

        if (_count == (_entries?.Length ?? 0))
        {
            Grow();
        }
        else if (_count + _acknowledged == _entries!.Length)
        {
            _acknowledged--; // the oldest acknowledged segment makes room
        }

        _entries![(_head + _count) & (_entries.Length - 1)] = new Entry(end, timeNs, frame);
        _count++;
    }

    /// <summary>Forgets every segment that <paramref name="ack"/> covers completely.</summary>
    public void Acknowledged(uint ack)
    {
        if (_count == 0)
        {
            return;
        }

        int mask = _entries!.Length - 1;
        while (_count > 0 && SequenceNumbers.LessOrEqual(_entries[_head].End, ack))
        {
            _head = (_head + 1) & mask;
            _count--;
            _acknowledged++;
        }
    }

    /// <summary>First transmission of the oldest unacknowledged segment.</summary>
    public readonly bool TryGetOldest(out long timeNs, out long frame)
    {
        if (_count == 0)
        {
            timeNs = 0;
            frame = 0;
            return false;
        }

        timeNs = _entries![_head].FirstSentNs;
        frame = _entries[_head].Frame;
        return true;
    }

    /// <summary>First transmission of the outstanding segment that holds <paramref name="sequence"/>.</summary>
    public readonly bool TryFind(uint sequence, out long timeNs, out long frame) => TryFind(sequence, 0, out timeNs, out frame);

    /// <summary>
    /// First transmission of the segment that holds <paramref name="sequence"/>, outstanding or acknowledged (as long
    /// as the ring still remembers it): what a retransmission, spurious or not, repeats.
    /// </summary>
    public readonly bool TryFindFirstSent(uint sequence, out long timeNs, out long frame) => TryFind(sequence, _acknowledged, out timeNs, out frame);

    /// <summary>Binary search for the first segment ending after <paramref name="sequence"/>, from <paramref name="acknowledged"/> before the head.</summary>
    private readonly bool TryFind(uint sequence, int acknowledged, out long timeNs, out long frame)
    {
        int first = _head - acknowledged;
        int total = acknowledged + _count;
        if (total == 0)
        {
            timeNs = 0;
            frame = 0;
            return false;
        }

        int low = 0;
        int high = total - 1;
        while (low <= high)
        {
            int middle = (low + high) >>> 1;
            if (SequenceNumbers.GreaterThan(_entries![(first + middle) & (_entries.Length - 1)].End, sequence))
            {
                high = middle - 1;
            }
            else
            {
                low = middle + 1;
            }
        }

        if (low < total)
        {
            var entry = _entries![(first + low) & (_entries.Length - 1)];
            timeNs = entry.FirstSentNs;
            frame = entry.Frame;
            return true;
        }

        timeNs = 0;
        frame = 0;
        return false;
    }

    /// <summary>
    /// A retransmission of data from <paramref name="start"/> on: the acknowledgment of no outstanding
    /// segment ending after <paramref name="start"/> measures a round trip. By Karn's rule for the segments it
    /// overlaps; for the later ones, sent before it, because an acknowledgment that reaches them also covers the
    /// data sent again and may have been sent on its arrival (tcptrace's "intervening transmission" rule).
    /// </summary>
    public void MarkRetransmitted(uint start)
    {
        int mask = (_entries?.Length ?? 0) - 1;
        for (int i = _count - 1; i >= 0; i--)
        {
            ref var entry = ref _entries![(_head + i) & mask];
            if (SequenceNumbers.LessOrEqual(entry.End, start))
            {
                return;
            }

            entry.NoRttSample = true;
        }
    }

    /// <summary>
    /// A round-trip sample, as tcptrace takes them: <paramref name="ack"/> acknowledges exactly the end of an
    /// outstanding segment that was sent once, with nothing before it sent again since. Call before <see cref="Acknowledged"/> forgets the segment.
    /// </summary>
    public readonly bool TryGetRttSample(uint ack, out long firstSentNs)
    {
        firstSentNs = 0;
        if (_count == 0 || SequenceNumbers.LessThan(ack, _entries![_head].End))
        {
            return false;
        }

        int mask = _entries.Length - 1;
        for (int i = 0; i < _count; i++)
        {
            var entry = _entries[(_head + i) & mask];
            if (entry.End == ack)
            {
                firstSentNs = entry.FirstSentNs;
                return !entry.NoRttSample;
            }

            if (SequenceNumbers.GreaterThan(entry.End, ack))
            {
                return false;
            }
        }

        return false;
    }

    public void Clear()
    {
        _head = 0;
        _count = 0;
        _acknowledged = 0;
    }

    private readonly ref Entry Newest => ref _entries![(_head + _count - 1) & (_entries.Length - 1)];

    private void Grow()
    {
        var larger = new Entry[Math.Max(4, (_entries?.Length ?? 0) * 2)];
        for (int i = 0; i < _count; i++)
        {
            larger[i] = _entries![(_head + i) & (_entries.Length - 1)];
        }

        _entries = larger;
        _head = 0;
        _acknowledged = 0; // the ring was full of outstanding segments: none acknowledged were left
    }

    private record struct Entry(uint End, long FirstSentNs, long Frame)
    {
        /// <summary>It, or data before it, was sent again after it (it fits in the padding after End).</summary>
        public bool NoRttSample;
    }
}
