using PcapSurvival.Core.Tcp;
using PcapSurvival.Reporting.Text;

namespace PcapSurvival.Reporting;

/// <summary>
/// What a report keeps of the connections it is handed: a row for each of the <paramref name="capacity"/> most
/// interesting (<see cref="ConnectionRow.InterestOf"/>), the earliest started first among equals. The rows kept are
/// the same whatever order the connections come in (they finish in a different order when analyzed on several
/// threads). A row is made only when it is kept, and memory stays bounded.
/// </summary>
internal sealed class MostInterestingConnections<TRow>(int capacity, Func<Connection, TRow> makeRow)
    where TRow : IKeptRow
{
    private readonly List<TRow> _rows = [];

    // The least interesting row kept once full, found again only when it is replaced.
    private int? _weakest;

    public IReadOnlyList<TRow> Rows => _rows;

    public void Clear()
    {
        _rows.Clear();
        _weakest = null;
    }

    public void Offer(Connection connection)
    {
        if (_rows.Count < capacity)
        {
            _rows.Add(makeRow(connection));
            return;
        }

        if (_rows.Count == 0)
        {
            return;
        }

        _weakest ??= Weakest();
        var weakest = _rows[_weakest.Value];
        if (Ranks(ConnectionRow.InterestOf(connection), connection.FirstFrame, above: weakest))
        {
            _rows[_weakest.Value] = makeRow(connection);
            _weakest = Weakest();
        }
    }

    /// <summary>Replaces every row kept, as with its final stream number.</summary>
    public void Update(Func<TRow, TRow> change)
    {
        for (int i = 0; i < _rows.Count; i++)
        {
            _rows[i] = change(_rows[i]);
        }
    }

    private static bool Ranks(int interest, long firstFrame, TRow above) =>
        interest > above.Interest || (interest == above.Interest && firstFrame < above.FirstFrame);

    private int Weakest()
    {
        int weakest = 0;
        for (int i = 1; i < _rows.Count; i++)
        {
            if (Ranks(_rows[weakest].Interest, _rows[weakest].FirstFrame, above: _rows[i]))
            {
                weakest = i;
            }
        }

        return weakest;
    }
}
