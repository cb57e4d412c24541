using System.Numerics;

namespace PcapSurvival.Capture;

/// <summary>
/// The bounded hand-off from the capture thread to the analysis thread: one producer, one consumer. Packets are
/// copied into a preallocated byte ring (no allocation per packet) with a ring of slots describing them. When
/// either ring is full the packet is dropped and counted: the capture thread must never wait, or the kernel's
/// ring would overflow instead.
/// </summary>
public sealed class PacketQueue : IDisposable
{
    private readonly byte[] _arena;
    private readonly Slot[] _slots;
    private readonly int _mask;
    private readonly ManualResetEventSlim _signal = new(false, spinCount: 0);

    // Producer side: _head is published to the consumer, _writeBytes is the producer's own.
    private long _head;
    private long _writeBytes;

    // Consumer side: _tail and _readBytes are published to the producer.
    private long _tail;
    private long _readBytes;

    private long _dropped;
    private int _consumerWaiting;
    private volatile bool _completed;

    /// <param name="capacityBytes">Bytes of packet data the queue holds; at least the snap length.</param>
    /// <param name="capacityPackets">Packets the queue holds; rounded up to a power of two.</param>
    public PacketQueue(int capacityBytes, int capacityPackets)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacityBytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacityPackets, 1);
        _arena = GC.AllocateUninitializedArray<byte>(capacityBytes);
        _slots = new Slot[(int)BitOperations.RoundUpToPowerOf2((uint)capacityPackets)];
        _mask = _slots.Length - 1;
    }

    /// <summary>Packets dropped because the queue was full.</summary>
    public long Dropped => Volatile.Read(ref _dropped);

    /// <summary>Packets waiting.</summary>
    public long Count => Volatile.Read(ref _head) - Volatile.Read(ref _tail);

    public int CapacityBytes => _arena.Length;

    public int CapacityPackets => _slots.Length;

    /// <summary>True once the producer has called <see cref="Complete"/> and every packet has been read.</summary>
    public bool IsCompleted => _completed && IsEmpty;

    private bool IsEmpty => Volatile.Read(ref _tail) == Volatile.Read(ref _head);

    /// <summary>Producer only. Copies the packet in, or drops it (returning false) when the queue is full.</summary>
    public bool TryEnqueue(long frame, long timestampNs, int originalLength, ReadOnlySpan<byte> data)
    {
        long head = _head;
        if (head - Volatile.Read(ref _tail) >= _slots.Length)
        {
            return Drop();
        }

        int length = data.Length;
        long start = _writeBytes;
        int offset = (int)(start % _arena.Length);
        if (offset + length > _arena.Length)
        {
            // Never split a packet: skip the rest of the ring and start again at its beginning.
            start += _arena.Length - offset;
            offset = 0;
        }

        long end = start + length;
        if (end - Volatile.Read(ref _readBytes) > _arena.Length)
        {
            return Drop();
        }

        data.CopyTo(_arena.AsSpan(offset, length));
        ref var slot = ref _slots[head & _mask];
        slot.Frame = frame;
        slot.TimestampNs = timestampNs;
        slot.OriginalLength = originalLength;
        slot.Offset = offset;
        slot.Length = length;
        slot.End = end;
        _writeBytes = end;
        Volatile.Write(ref _head, head + 1);

        // Publishing the packet and then reading the consumer's flag must not be reordered (store-load),
        // or a consumer that just decided to sleep would miss this packet until its timeout.
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _consumerWaiting) != 0)
        {
            _signal.Set();
        }

        return true;
    }

    /// <summary>Producer only: no more packets will come.</summary>
    public void Complete()
    {
        _completed = true;
        _signal.Set();
    }

    /// <summary>Consumer only. The oldest packet, which stays valid (and queued) until <see cref="Release"/>.</summary>
    public bool TryPeek(out QueuedPacket packet)
    {
        long tail = _tail;
        if (tail == Volatile.Read(ref _head))
        {
            packet = default;
            return false;
        }

        ref readonly var slot = ref _slots[tail & _mask];
        packet = new QueuedPacket(slot.Frame, slot.TimestampNs, slot.OriginalLength, _arena.AsSpan(slot.Offset, slot.Length));
        return true;
    }

    /// <summary>Consumer only: frees the packet <see cref="TryPeek"/> returned.</summary>
    public void Release()
    {
        long tail = _tail;
        Volatile.Write(ref _readBytes, _slots[tail & _mask].End);
        Volatile.Write(ref _tail, tail + 1);
    }

    /// <summary>Consumer only. Waits until a packet is queued, the queue is completed, or the timeout passes.</summary>
    /// <returns>True when a packet is waiting.</returns>
    public bool Wait(TimeSpan timeout)
    {
        if (!IsEmpty)
        {
            return true;
        }

        _signal.Reset();
        Interlocked.Exchange(ref _consumerWaiting, 1);
        try
        {
            if (IsEmpty && !_completed)
            {
                _signal.Wait(timeout);
            }
        }
        finally
        {
            Volatile.Write(ref _consumerWaiting, 0);
        }

        return !IsEmpty;
    }

    public void Dispose() => _signal.Dispose();

    private bool Drop()
    {
        Interlocked.Increment(ref _dropped);
        return false;
    }

    private struct Slot
    {
        public long Frame;
        public long TimestampNs;

        /// <summary>Where the consumer's byte position stands once this packet is released.</summary>
        public long End;
        public int OriginalLength;
        public int Offset;
        public int Length;
    }
}
