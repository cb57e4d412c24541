namespace PcapSurvival.Core.Tcp;

/// <summary>
/// The live connections of one capture, by flow key, with two least-recently-seen lists (open and
/// finished connections) so idle ones can be evicted by capture time in O(1) per packet.
/// </summary>
public sealed class ConnectionTable
{
    private readonly Dictionary<FlowKey, Connection> _byKey = [];
    private readonly RecencyList _open = new();
    private readonly RecencyList _finished = new();

    /// <summary>Streams handed out so far; the next connection gets this number.</summary>
    public long StreamsCreated { get; private set; }

    public int Count => _byKey.Count;

    /// <summary>Most connections held at once.</summary>
    public int PeakCount { get; private set; }

    public Connection? Find(in FlowKey key) => _byKey.GetValueOrDefault(key);

    /// <summary>Starts a new stream for <paramref name="key"/>, replacing any older connection with the same ports.</summary>
    internal Connection Create(in FlowKey key, in Decoding.TcpSegment first, long timeNs, long frame)
    {
        var connection = new Connection(key, StreamsCreated++, first, timeNs, frame);
        if (_byKey.Remove(key, out var previous))
        {
            ListOf(previous).Remove(previous);
        }

        _byKey[key] = connection;
        _open.AddNewest(connection);
        PeakCount = Math.Max(PeakCount, _byKey.Count);
        return connection;
    }

    /// <summary>Moves a connection to the recent end of its list after a packet.</summary>
    internal void Touch(Connection connection)
    {
        if (connection.Newer is null)
        {
            return; // already the most recent of its list
        }

        var list = ListOf(connection);
        list.Remove(connection);
        list.AddNewest(connection);
    }

    /// <summary>Moves a connection that has closed or reset to the list with the shorter idle timeout.</summary>
    internal void MarkFinished(Connection connection)
    {
        if (!connection.InFinishedList)
        {
            _open.Remove(connection);
            connection.InFinishedList = true;
            _finished.AddNewest(connection);
        }
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
