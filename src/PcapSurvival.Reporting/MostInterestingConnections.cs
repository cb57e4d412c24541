using PcapSurvival.Core.Tcp;
using PcapSurvival.Reporting.Text;

namespace PcapSurvival.Reporting;

/// <summary>
/// What a report keeps of the connections it is handed: a row for each of the first <paramref name="capacity"/>,
/// then only rows of connections more interesting (<see cref="ConnectionRow.InterestOf"/>) than the least
/// interesting one kept, which they replace. A row is made only when it is kept, and memory stays bounded.
/// </summary>
internal sealed class MostInterestingConnections<TRow>(int capacity, Func<Connection, TRow> makeRow, Func<TRow, int> interestOf)
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
        if (ConnectionRow.InterestOf(connection) > interestOf(_rows[_weakest.Value]))
        {
            _rows[_weakest.Value] = makeRow(connection);
            _weakest = Weakest();
        }
    }

    private int Weakest()
    {
        int weakest = 0;
        for (int i = 1; i < _rows.Count; i++)
        {
            if (interestOf(_rows[i]) < interestOf(_rows[weakest]))
            {
                weakest = i;
            }
        }

        return weakest;
    }
}
