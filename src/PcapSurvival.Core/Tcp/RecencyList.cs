namespace PcapSurvival.Core.Tcp;

/// <summary>
/// Connections from least to most recently seen, by <see cref="Connection.RecencyNs"/> (the capture clock, which
/// never goes back, so the list stays in order whatever the packets' own times do), doubly linked through the
/// connections' <typeparamref name="TLinks"/>: no allocation per move.
/// </summary>
internal sealed class RecencyList<TLinks>
    where TLinks : struct, ILinkChoice
{
    private Connection? _newest;

    public Connection? Oldest { get; private set; }

    public int Count { get; private set; }

    /// <summary>
    /// The oldest connection's recency (<see cref="long.MaxValue"/> when empty), kept here so that the check for idle
    /// connections after every packet, the other threads' packets included, reads no connection.
    /// </summary>
    public long OldestSeenNs { get; private set; } = long.MaxValue;

    public bool IsNewest(Connection connection) => _newest == connection;

    public void AddNewest(Connection connection)
    {
        ref var links = ref TLinks.Of(connection);
        links.Older = _newest;
        links.Newer = null;
        if (_newest is not null)
        {
            TLinks.Of(_newest).Newer = connection;
        }

        _newest = connection;
        Count++;
        if (Oldest is null)
        {
            Oldest = connection;
            OldestSeenNs = connection.RecencyNs;
        }
    }

    /// <summary>The oldest connection's time changed in place (it is also the newest: it did not move).</summary>
    public void OldestSeenAgain() => OldestSeenNs = Oldest?.RecencyNs ?? long.MaxValue;

    public void Remove(Connection connection)
    {
        ref var links = ref TLinks.Of(connection);
        if (links.Older is not null)
        {
            TLinks.Of(links.Older).Newer = links.Newer;
        }
        else if (Oldest == connection)
        {
            Oldest = links.Newer;
            OldestSeenNs = Oldest?.RecencyNs ?? long.MaxValue;
        }

        if (links.Newer is not null)
        {
            TLinks.Of(links.Newer).Older = links.Older;
        }
        else if (_newest == connection)
        {
            _newest = links.Older;
        }

        links.Older = null;
        links.Newer = null;
        Count--;
    }

    /// <summary>Moves a connection of this list to its recent end.</summary>
    public void MoveToNewest(Connection connection)
    {
        if (_newest == connection)
        {
            if (Oldest == connection)
            {
                OldestSeenAgain(); // alone in the list: its time has just changed
            }

            return;
        }

        Remove(connection);
        AddNewest(connection);
    }

    public void Clear()
    {
        Oldest = null;
        OldestSeenNs = long.MaxValue;
        _newest = null;
        Count = 0;
    }
}
