namespace PcapSurvival.Core.Tcp;

/// <summary>
/// The live connections of one capture, by flow key, with two least-recently-seen lists (open and
/// finished connections) so idle ones can be evicted by capture time in O(1) per packet.
/// </summary>
public sealed class ConnectionTable
{
    /// <summary>Most finished connections remembered for port-reuse detection, whatever their age.</summary>
    public const int MaxTombstones = 1 << 20;

    private readonly Dictionary<FlowKey, Connection> _byKey = [];
    private readonly Dictionary<FlowKey, Tombstone> _tombstones = [];
    private readonly Queue<(FlowKey Key, long FinishedNs)> _tombstoneOrder = new();
    private readonly RecencyList _open = new();
    private readonly RecencyList _finished = new();

    /// <summary>Streams handed out so far; the next connection gets this number.</summary>
    public long StreamsCreated { get; private set; }

    public int Count => _byKey.Count;

    /// <summary>Most connections held at once.</summary>
    public int PeakCount { get; private set; }

    public Connection? Find(in FlowKey key) => _byKey.TryGetValue(key, out var connection) ? connection : null;

    /// <summary>What is remembered of a finished connection on these ports, if anything.</summary>
    internal bool TryFindFinished(in FlowKey key, out Tombstone tombstone) => _tombstones.TryGetValue(key, out tombstone);

    /// <summary>Remembers a finished connection's ports and sequence bases, and forgets the oldest ones beyond their time.</summary>
    internal void Remember(Connection connection, long finishedNs, long forgetBeforeNs)
    {
        if (connection.ClientFlow.BaseSeqSet || connection.ServerFlow.BaseSeqSet)
        {
            _tombstones[connection.Key] = Tombstone.Of(connection, finishedNs);
            _tombstoneOrder.Enqueue((connection.Key, finishedNs));
        }

        while (_tombstoneOrder.TryPeek(out var oldest) && (oldest.FinishedNs < forgetBeforeNs || _tombstoneOrder.Count > MaxTombstones))
        {
            _tombstoneOrder.Dequeue();
            if (_tombstones.TryGetValue(oldest.Key, out var stone) && stone.FinishedNs == oldest.FinishedNs)
            {
                _tombstones.Remove(oldest.Key);
            }
        }
    }

    /// <summary>Starts a new stream for <paramref name="key"/>, replacing any older connection with the same ports.</summary>
    internal Connection Create(in FlowKey key, in Decoding.TcpSegment first, long timeNs, long frame)
    {
        var connection = new Connection(key, StreamsCreated++, first, timeNs, frame);
        if (_byKey.Remove(key, out var previous))
        {
            ListOf(previous).Remove(previous);
        }

        _tombstones.Remove(key);

        _byKey[key] = connection;
        _open.AddNewest(connection);
        PeakCount = Math.Max(PeakCount, _byKey.Count);
        return connection;
    }

    /// <summary>
    /// Moves a connection to the recent end of its list after a packet: the finished list (short idle timeout) when
    /// <paramref name="finished"/>, the open list otherwise.
    /// </summary>
    internal void Touch(Connection connection, bool finished)
    {
        if (connection.InFinishedList == finished && connection.Newer is null)
        {
            return; // already the most recent of the right list
        }

        ListOf(connection).Remove(connection);
        connection.InFinishedList = finished;
        ListOf(connection).AddNewest(connection);
    }

    /// <summary>Removes and returns the oldest connection idle since before the matching cutoff, or null.</summary>
    internal Connection? EvictOneIdle(long openCutoffNs, long finishedCutoffNs)
    {
        var candidate = _finished.Oldest is { } f && f.LastSeenNs < finishedCutoffNs ? f
            : _open.Oldest is { } o && o.LastSeenNs < openCutoffNs ? o
            : null;
        if (candidate is not null)
        {
            ListOf(candidate).Remove(candidate);
            _byKey.Remove(candidate.Key);
        }

        return candidate;
    }

    /// <summary>Removes and returns every connection, oldest stream first.</summary>
    internal List<Connection> RemoveAll()
    {
        var all = new List<Connection>(_byKey.Values);
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
        public Connection? Oldest { get; private set; }

        private Connection? _newest;

        public void AddNewest(Connection connection)
        {
            connection.Older = _newest;
            connection.Newer = null;
            if (_newest is not null)
            {
                _newest.Newer = connection;
            }

            _newest = connection;
            Oldest ??= connection;
        }

        public void Remove(Connection connection)
        {
            if (connection.Older is not null)
            {
                connection.Older.Newer = connection.Newer;
            }
            else if (Oldest == connection)
            {
                Oldest = connection.Newer;
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
            _newest = null;
        }
    }
}
