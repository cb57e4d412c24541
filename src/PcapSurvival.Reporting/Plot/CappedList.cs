namespace PcapSurvival.Reporting.Plot;

/// <summary>Marks that are each worth drawing (retransmissions, SACK blocks, RST/FIN): the first ones, then only counted.</summary>
internal sealed class CappedList<T>(int capacity)
{
    private readonly List<T> _items = [];

    public IReadOnlyList<T> Items => _items;

    /// <summary>Marks seen beyond the capacity, not kept.</summary>
    public long Dropped { get; private set; }

    public void Add(T item)
    {
        if (_items.Count < capacity)
        {
            _items.Add(item);
        }
        else
        {
            Dropped++;
        }
    }
}
