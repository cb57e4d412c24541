namespace PcapSurvival.Reporting.Plot;

/// <summary>
/// A series of points kept in at most <paramref name="capacity"/> slots while a capture streams by: when full, each
/// pair of neighbours is merged into one and every later slot takes twice as many points. Memory is bounded whatever
/// the connection's length, the whole connection stays drawn, and <see cref="PointsPerSlot"/> says how coarse it got.
/// </summary>
internal sealed class DecimatingSeries<T>(int capacity, Func<T, T, T> merge)
    where T : struct
{
    private readonly List<T> _slots = [];
    private int _inLastSlot;

    /// <summary>Points merged into each slot: 1 until the series first filled up, then 2, 4, 8...</summary>
    public int PointsPerSlot { get; private set; } = 1;

    public long Points { get; private set; }

    public IReadOnlyList<T> Slots => _slots;

    public bool Decimated => PointsPerSlot > 1;

    public T? Last => _slots.Count == 0 ? null : _slots[^1];

    public void Add(T point)
    {
        Points++;
        if (_slots.Count == capacity && _inLastSlot == PointsPerSlot)
        {
            Halve();
        }

        if (_slots.Count > 0 && _inLastSlot < PointsPerSlot)
        {
            _slots[^1] = merge(_slots[^1], point);
            _inLastSlot++;
            return;
        }

        _slots.Add(point);
        _inLastSlot = 1;
    }

    private void Halve()
    {
        int kept = 0;
        for (int i = 0; i < _slots.Count; i += 2)
        {
            _slots[kept++] = i + 1 < _slots.Count ? merge(_slots[i], _slots[i + 1]) : _slots[i];
        }

        // The last slot is full when capacity is even (it merged two full slots); otherwise it holds one old slot.
        _inLastSlot = _slots.Count % 2 == 0 ? 2 * PointsPerSlot : PointsPerSlot;
        _slots.RemoveRange(kept, _slots.Count - kept);
        PointsPerSlot *= 2;
    }
}
