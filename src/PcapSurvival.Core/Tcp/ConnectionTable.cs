using System.Runtime.CompilerServices;

namespace PcapSurvival.Core.Tcp;

/// <summary>
/// The live connections of one capture, by flow key, with two least-recently-seen lists (open and
/// finished connections) so idle ones can be evicted by capture time in O(1) per packet; a cap on their number,
/// enforced per shard of the key space (<see cref="FlowShard"/>) with two more lists a shard (unanswered SYNs, the
/// first to go, and the others); and what is kept of evicted ones: a tombstone for port-reuse detection and, when
/// recycling, the object itself. Recency is the capture clock, the latest packet time so far: captures whose time
/// goes back (merged interfaces, a flipped bit) keep the lists in order, and a connection's age the same whichever
/// thread holds it.
/// </summary>
public sealed class ConnectionTable
{
    /// <summary>Live connections held at most, by default (see <see cref="Pipeline.AnalysisOptions.MaxConnections"/>).</summary>
    public const int DefaultMaxConnections = 1_000_000;

    /// <summary>Most finished connections remembered for port-reuse detection, whatever their age.</summary>
    public const int MaxTombstones = 1 << 20;

    /// <summary>Tombstones are first swept when there are this many.</summary>
    private const int MinSweepCount = 1024;

    private const int TombstoneFilterBits = 1 << 20;

    /// <summary>Most connection objects kept for reuse: plenty when connections come and go at a steady rate.</summary>
    private const int MaxSpares = 1024;

    private readonly FlowTable _byKey = new();
    private readonly Dictionary<FlowKey, Tombstone> _tombstones = [];

    // One bit per slot of key hashes, set for every tombstone (cleared only by sweeps): most new connections use new
    // ports, and this 128 KB bitmap, which stays in the cache, answers for them instead of the tombstone table, which
    // does not (two lookups a connection).
    private readonly ulong[] _maybeTombstone = new ulong[TombstoneFilterBits / 64];
    private readonly RecencyList<IdleLinkChoice> _open = new();
    private readonly RecencyList<IdleLinkChoice> _finished = new();
    private readonly Shard[] _shards = new Shard[FlowShard.Count];
    private readonly int _maxPerShard;
    private readonly Stack<Connection> _spares = new();
    private int _nextSweepAt = MinSweepCount;
    private long _clockNs = long.MinValue;

    /// <param name="maxConnections">
    /// Live connections held at most: each of the <see cref="FlowShard.Count"/> shards holds its share, so that what
    /// is evicted is the same whichever thread holds a shard.
    /// </param>
    public ConnectionTable(int maxConnections = DefaultMaxConnections)
    {
        _maxPerShard = Math.Max(1, maxConnections / FlowShard.Count);
        for (int i = 0; i < _shards.Length; i++)
        {
            _shards[i] = new Shard();
        }
    }

    /// <summary>Streams handed out so far; the next connection gets this number.</summary>
    public long StreamsCreated { get; private set; }

    public int Count => _byKey.Count;

    /// <summary>Connections evicted to stay under the cap, before their time.</summary>
    public long EvictedForRoom { get; private set; }

    internal int TombstoneCount => _tombstones.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Connection? Find(in FlowKey key) => _byKey.Find(key);

    /// <summary>What is remembered of a connection on these ports finished since <paramref name="forgetBeforeNs"/>, if anything.</summary>
    internal bool TryFindFinished(in FlowKey key, long forgetBeforeNs, out Tombstone tombstone)
    {
        if (!MaybeTombstone(key))
        {
            tombstone = default;
            return false;
        }

        return _tombstones.TryGetValue(key, out tombstone) && tombstone.FinishedNs >= forgetBeforeNs;
    }

    /// <summary>
    /// Remembers a finished connection's ports and sequence bases. Tombstones older than
    /// <paramref name="forgetBeforeNs"/> are forgotten in one sweep whenever their number has doubled since the last
    /// one: a few sequential passes instead of a queue in finishing order and two lookups per connection.
    /// </summary>
    internal void Remember(Connection connection, long finishedNs, long forgetBeforeNs)
    {
        if (!connection.ClientFlow.BaseSeqSet && !connection.ServerFlow.BaseSeqSet)
        {
            return;
        }

        _tombstones[connection.Key] = Tombstone.Of(connection, finishedNs);
        MarkTombstone(connection.Key);
        if (_tombstones.Count >= _nextSweepAt)
        {
            Sweep(forgetBeforeNs);
        }
    }

    private void Sweep(long forgetBeforeNs)
    {
        // Full of recent ones: forget the oldest quarter as well, by count, so that ties (all at the clamped last
        // time of a capture, say) cannot keep it full and make every later tombstone sort the table again.
        long oldestKept = long.MinValue;
        int tiesToForget = 0;
        if (_tombstones.Count >= MaxTombstones)
        {
            var finished = new long[_tombstones.Count];
            int i = 0;
            foreach (var stone in _tombstones.Values)
            {
                finished[i++] = stone.FinishedNs;
            }

            Array.Sort(finished);
            int toForget = finished.Length / 4;
            oldestKept = finished[toForget];
            tiesToForget = toForget - Array.IndexOf(finished, oldestKept);
        }

        foreach (var (key, stone) in _tombstones)
        {
            if (stone.FinishedNs < forgetBeforeNs || stone.FinishedNs < oldestKept || (stone.FinishedNs == oldestKept && tiesToForget-- > 0))
            {
                _tombstones.Remove(key); // allowed while enumerating a Dictionary
            }
        }

        _nextSweepAt = Math.Clamp(2 * _tombstones.Count, MinSweepCount, MaxTombstones);
        Array.Clear(_maybeTombstone);
        foreach (var key in _tombstones.Keys)
        {
            MarkTombstone(key);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool MaybeTombstone(in FlowKey key)
    {
        var (word, bit) = FilterBitOf(key);
        return (_maybeTombstone[word] & bit) != 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void MarkTombstone(in FlowKey key)
    {
        var (word, bit) = FilterBitOf(key);
        _maybeTombstone[word] |= bit;
    }

    /// <summary>Where a key's hash falls in the tombstone filter: the word, and the bit in it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (int Word, ulong Bit) FilterBitOf(in FlowKey key)
    {
        uint slot = (uint)key.GetHashCode() % TombstoneFilterBits;
        return ((int)(slot / 64), 1UL << (int)(slot % 64));
    }

    /// <summary>Starts a new stream for <paramref name="key"/>, replacing any older connection with the same ports.</summary>
    /// <param name="evicted">
    /// A connection of the same shard, removed to make room when the shard held its share of the cap: the oldest of
    /// those never answered, else the longest idle. The caller finishes it.
    /// </param>
    internal Connection Create(in FlowKey key, in Decoding.TcpSegment first, long timeNs, long frame, out Connection? evicted)
    {
        Advance(timeNs);
        long stream = StreamsCreated++;
        if (_spares.TryPop(out var connection))
        {
            connection.Start(key, stream, first, timeNs, frame);
        }
        else
        {
            connection = new Connection(key, stream, first, timeNs, frame);
        }

        connection.RecencyNs = _clockNs;

        // One lookup for both: the older connection on these ports (port reuse), if any, and the new one's slot.
        if (_byKey.Set(connection) is { } replaced)
        {
            Unlist(replaced);
        }

        if (MaybeTombstone(key))
        {
            _tombstones.Remove(key); // only the latest connection on these ports counts, and it is live
        }

        var shard = _shards[connection.Shard];
        evicted = shard.Count >= _maxPerShard ? shard.LeastNeeded : null;
        if (evicted is not null)
        {
            Unlist(evicted);
            _byKey.Remove(evicted.Key);
            EvictedForRoom++;
        }

        _open.AddNewest(connection);
        shard.ListOf(connection).AddNewest(connection);
        return connection;
    }

    /// <summary>
    /// Moves a connection to the recent end of its lists after a packet: the finished list (short idle timeout) when
    /// <paramref name="finished"/>, the open list otherwise; in its shard, to the answered ones once the other side
    /// has sent anything.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Touch(Connection connection, bool finished)
    {
        Advance(connection.LastSeenNs);
        connection.RecencyNs = _clockNs;
        var shard = _shards[connection.Shard];
        if (connection.Unanswered && connection.ServerFlow.Packets > 0)
        {
            shard.Unanswered.Remove(connection);
            connection.Unanswered = false;
            shard.Answered.AddNewest(connection);
        }
        else
        {
            shard.ListOf(connection).MoveToNewest(connection);
        }

        if (connection.InFinishedList == finished)
        {
            IdleListOf(connection).MoveToNewest(connection);
            return;
        }

        IdleListOf(connection).Remove(connection);
        connection.InFinishedList = finished;
        IdleListOf(connection).AddNewest(connection);
    }

    /// <summary>
    /// Whether <see cref="EvictOneIdle"/> would find a connection at <paramref name="now"/>. Every packet's time, the
    /// other threads' packets included, passes here or there, so the clock is the same as on one thread.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool HasIdle(long now, long openTimeoutNs, long finishedTimeoutNs)
    {
        Advance(now);
        return _finished.OldestSeenNs < Cutoff(finishedTimeoutNs) || _open.OldestSeenNs < Cutoff(openTimeoutNs);
    }

    /// <summary>Removes and returns the oldest connection idle (by the capture clock) longer than its list's timeout, or null.</summary>
    internal Connection? EvictOneIdle(long now, long openTimeoutNs, long finishedTimeoutNs)
    {
        Advance(now);
        var candidate = _finished.OldestSeenNs < Cutoff(finishedTimeoutNs) ? _finished.Oldest
            : _open.OldestSeenNs < Cutoff(openTimeoutNs) ? _open.Oldest
            : null;
        if (candidate is not null)
        {
            Unlist(candidate);
            _byKey.Remove(candidate.Key);
        }

        return candidate;
    }

    /// <summary>
    /// Keeps an evicted connection's object to start a later connection in, instead of allocating one: with many short
    /// connections, most of what the garbage collector would otherwise copy and free (see
    /// <see cref="Pipeline.AnalysisOptions.RecycleConnections"/>).
    /// </summary>
    internal void Recycle(Connection evicted)
    {
        if (_spares.Count < MaxSpares)
        {
            _spares.Push(evicted);
        }
    }

    /// <summary>Removes and returns every connection, oldest stream first.</summary>
    internal List<Connection> RemoveAll()
    {
        var all = _byKey.ToList();
        all.Sort((a, b) => a.Stream.CompareTo(b.Stream));
        _byKey.Clear();
        _open.Clear();
        _finished.Clear();
        foreach (var shard in _shards)
        {
            shard.Unanswered.Clear();
            shard.Answered.Clear();
        }

        return all;
    }

    /// <summary>Connections last seen before this are idle longer than <paramref name="timeoutNs"/>; never wraps round.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private long Cutoff(long timeoutNs) => _clockNs >= long.MinValue + timeoutNs ? _clockNs - timeoutNs : long.MinValue;

    /// <summary>The capture clock: the latest packet time so far.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Advance(long timeNs)
    {
        if (timeNs > _clockNs)
        {
            _clockNs = timeNs;
        }
    }

    private void Unlist(Connection connection)
    {
        IdleListOf(connection).Remove(connection);
        var shard = _shards[connection.Shard];
        shard.ListOf(connection).Remove(connection);
    }

    private RecencyList<IdleLinkChoice> IdleListOf(Connection connection) => connection.InFinishedList ? _finished : _open;

    /// <summary>A shard's share of the live connections, by recency: those never answered, and the others.</summary>
    private sealed class Shard
    {
        public RecencyList<ShardLinkChoice> Unanswered { get; } = new();

        public RecencyList<ShardLinkChoice> Answered { get; } = new();

        public int Count => Unanswered.Count + Answered.Count;

        /// <summary>What matters least: the oldest SYN never answered, else the connection idle longest.</summary>
        public Connection? LeastNeeded => Unanswered.Oldest ?? Answered.Oldest;

        public RecencyList<ShardLinkChoice> ListOf(Connection connection) => connection.Unanswered ? Unanswered : Answered;
    }
}
