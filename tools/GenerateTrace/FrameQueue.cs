namespace GenerateTrace;

/// <summary>
/// Puts the frames of overlapping connections in time order. Connections are generated in order of their
/// start, and no frame comes before its connection's start, so everything earlier than the next start can be written.
/// </summary>
internal sealed class FrameQueue
{
    private readonly PriorityQueue<byte[], (long Time, long Order)> _frames = new();
    private readonly PcapWriter _writer;
    private long _order;

    public FrameQueue(PcapWriter writer) => _writer = writer;

    public int PeakCount { get; private set; }

    public void Add(long timeNs, byte[] frame)
    {
        // The insertion order breaks ties, so equal timestamps keep a deterministic order.
        _frames.Enqueue(frame, (timeNs, _order++));
        PeakCount = Math.Max(PeakCount, _frames.Count);
    }

    /// <summary>Writes every frame earlier than <paramref name="timeNs"/>.</summary>
    public void WriteBefore(long timeNs)
    {
        while (_frames.TryPeek(out var frame, out var key) && key.Time < timeNs)
        {
            _frames.Dequeue();
            _writer.Write(key.Time, frame, frame.Length);
        }
    }

    public void WriteAll() => WriteBefore(long.MaxValue);
}
