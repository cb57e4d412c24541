using System.Runtime.CompilerServices;

namespace PcapSurvival.Core.Tcp;

/// <summary>
/// The live connections of one capture, by flow key, with two least-recently-seen lists (open and
/// finished connections) so idle ones can be evicted by capture time in O(1) per packet; and what is kept of
/// evicted ones: a tombstone for port-reuse detection and, when recycling, the object itself.
/// </summary>
public sealed class ConnectionTable
{
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
    private readonly RecencyList _open = new();
    private readonly RecencyList _finished = new();
    private readonly Stack<Connection> _spares = new();
    private int _nextSweepAt = MinSweepCount;

    /// <summary>Streams handed out so far; the next connection gets this number.</summary>
    public long StreamsCreated { get; private set; }

    public int Count => _byKey.Count;

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
    internal Connection Create(in FlowKey key, in Decoding.TcpSegment first, long timeNs, long frame)
    {
        long stream = StreamsCreated++;
        if (_spares.TryPop(out var connection))
        {
            connection.Start(key, stream, first, timeNs, frame);
        }
        else
        {
            connection = new Connection(key, stream, first, timeNs, frame);
        }

        // One lookup for both: the older connection on these ports (port reuse), if any, and the new one's slot.
        if (_byKey.Set(connection) is { } replaced)
        {
            ListOf(replaced).Remove(replaced);
        }

        if (MaybeTombstone(key))
        {
            _tombstones.Remove(key); // only the latest connection on these ports counts, and it is live
        }

        _open.AddNewest(connection);
        return connection;
    }

    /// <summary>
    /// Moves a connection to the recent end of its list after a packet: the finished list (short idle timeout) when
    /// <paramref name="finished"/>, the open list otherwise.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Touch(Connection connection, bool finished)
    {
        if (connection.InFinishedList == finished && connection.Newer is null)
        {
            // Already the most recent of the right list; if it is also the oldest, its time has just changed.
            if (connection.Older is null)
            {
                ListOf(connection).OldestSeenAgain();
            }

            return;
        }

        ListOf(connection).Remove(connection);
        connection.InFinishedList = finished;
        ListOf(connection).AddNewest(connection);
    }

    /// <summary>Whether <see cref="EvictOneIdle"/> would find a connection.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool HasIdle(long openCutoffNs, long finishedCutoffNs) =>
        _finished.OldestSeenNs < finishedCutoffNs || _open.OldestSeenNs < openCutoffNs;

    /// <summary>Removes and returns the oldest connection idle since before the matching cutoff, or null.</summary>
    internal Connection? EvictOneIdle(long openCutoffNs, long finishedCutoffNs)
    {
        var candidate = _finished.OldestSeenNs < finishedCutoffNs ? _finished.Oldest
            : _open.OldestSeenNs < openCutoffNs ? _open.Oldest
            : null;
        if (candidate is not null)
        {
            ListOf(candidate).Remove(candidate);
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
        return all;
    }

    private RecencyList ListOf(Connection connection) => connection.InFinishedList ? _finished : _open;

    /// <summary>Doubly linked list threaded through the connections themselves: no allocation per move.</summary>
    private sealed class RecencyList
    {
        private Connection? _newest;

        public Connection? Oldest { get; private set; }

        /// <summary>
        /// The oldest connection's last packet time (<see cref="long.MaxValue"/> when empty), kept here so that the
        /// check for idle connections after every packet, the other threads' packets included, reads no connection.
        /// </summary>
        public long OldestSeenNs { get; private set; } = long.MaxValue;

        public void AddNewest(Connection connection)
        {
            connection.Older = _newest;
            connection.Newer = null;
            if (_newest is not null)
            {
                _newest.Newer = connection;
            }

            _newest = connection;
            if (Oldest is null)
            {
                Oldest = connection;
                OldestSeenNs = connection.LastSeenNs;
            }
        }

        /// <summary>The oldest connection's time changed in place (it is also the newest: it did not move).</summary>
        public void OldestSeenAgain() => OldestSeenNs = Oldest?.LastSeenNs ?? long.MaxValue;

        public void Remove(Connection connection)
        {
            if (connection.Older is not null)
            {
                connection.Older.Newer = connection.Newer;
            }
            else if (Oldest == connection)
            {
                Oldest = connection.Newer;
                OldestSeenNs = Oldest?.LastSeenNs ?? long.MaxValue;
            }

            if (connection.Newer is not null)
            {
                connection.Newer.Older = connection.Older;
            }
            else if (_newest == connection)
            {
                _newest = connection.Older;
            }

            connection.Older = null;
            connection.Newer = null;
        }

        public void Clear()
        {
            Oldest = null;
            OldestSeenNs = long.MaxValue;
            _newest = null;
        }
    }
}
