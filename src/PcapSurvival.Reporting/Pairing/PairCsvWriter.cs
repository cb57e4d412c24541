using PcapSurvival.Core.Pairing;
using PcapSurvival.Reporting.Csv;
using PcapSurvival.Reporting.Tables;

namespace PcapSurvival.Reporting.Pairing;

/// <summary>
/// The pair's CSV files: <c>path_losses.csv</c> (a row per segment only one point saw, written as it is settled),
/// then <c>matched_connections.csv</c>, <c>unmatched_connections.csv</c>, <c>path_outages.csv</c> and
/// <c>clock_offset.csv</c> at the end. Same dialect as the single-file tables (<see cref="CsvFiles"/>).
/// </summary>
public sealed class PairCsvWriter : IPairSink, IDisposable
{
    private readonly string _directory;
    private readonly TableCsv<PathLossRow> _losses;
    private string[] _files = ["", ""];
    private int[] _digits = [6, 6];

    public PairCsvWriter(string directory)
    {
        Directory.CreateDirectory(directory);
        _directory = directory;
        _losses = new TableCsv<PathLossRow>(directory, "path_losses.csv", PairColumns.PathLosses);
    }

    public void Started(string nameA, int digitsA, string nameB, int digitsB)
    {
        _files = [CsvFiles.EscapeFormula(nameA), CsvFiles.EscapeFormula(nameB)];
        _digits = [digitsA, digitsB];
    }

    public void PathLoss(in PathLossRecord loss) => _losses.Write(_files[(int)loss.SeenAt], new PathLossRow(loss), _digits[(int)loss.SeenAt]);

    public void Completed(PairResult result)
    {
        _losses.Flush();
        int digits = Math.Max(_digits[0], _digits[1]);
        Write("matched_connections.csv", PairColumns.MatchedConnections, result.Pairs, digits);
        Write("path_outages.csv", PairColumns.PathOutages, result.Pairs.SelectMany(p => p.Outages), digits);
        Write("clock_offset.csv", PairColumns.ClockOffset, [result.Offset], digits);
        Write("unmatched_connections.csv", UnmatchedColumns, result.Unmatched, digits);
    }

    public void Dispose() => _losses.Dispose();

    private static readonly TableColumn<UnmatchedConnection>[] UnmatchedColumns =
    [
        new TextColumn<UnmatchedConnection>("point", u => PairNames.Point(u.SeenAt)),
        new TextColumn<UnmatchedConnection>("client", u => u.Client.ToString()),
        new IntegerColumn<UnmatchedConnection>("client_port", u => u.ClientPort),
        new TextColumn<UnmatchedConnection>("server", u => u.Server.ToString()),
        new IntegerColumn<UnmatchedConnection>("server_port", u => u.ServerPort),
        new TimestampColumn<UnmatchedConnection>("first_seen", u => u.FirstSeenNs),
        new IntegerColumn<UnmatchedConnection>("first_frame", u => u.FirstFrame),
        new IntegerColumn<UnmatchedConnection>("packets", u => u.Packets),
        new BooleanColumn<UnmatchedConnection>("handshake_seen", u => u.SawSyn),
    ];

    /// <summary>A table whose file column is A's file, and file_b B's (an unmatched connection's file is its point's).</summary>
    private void Write<TRow>(string name, TableColumn<TRow>[] columns, IEnumerable<TRow> rows, int digits)
    {
        using var table = new TableCsv<TRow>(_directory, name, [.. columns, new TextColumn<TRow>("file_b", _ => _files[1])]);
        foreach (var row in rows)
        {
            string file = row is UnmatchedConnection u ? _files[(int)u.SeenAt] : _files[0];
            table.Write(file, row, digits);
        }
    }
}
