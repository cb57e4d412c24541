using PcapSurvival.Reporting.Parquet;

namespace PcapSurvival.Reporting.Tables;

/// <summary>A Parquet file whose columns are a <see cref="TableColumn{TRow}"/> list, after the <c>file</c> column.</summary>
internal sealed class TableParquet<TRow> : IDisposable
{
    private readonly TextValues _file;
    private readonly ColumnBuffer<TRow>[] _columns;
    private readonly ParquetTable _table;

    public TableParquet(string path, TableColumn<TRow>[] columns, int rowGroupRows)
    {
        _file = new TextValues("file", rowGroupRows);
        _columns = [.. columns.Select(c => c.CreateBuffer(rowGroupRows))];
        _table = new ParquetTable(path, [_file, .. _columns.Select(c => c.Values)], rowGroupRows);
    }

    public void Write(string file, TRow row)
    {
        _file.Add(file);
        foreach (var column in _columns)
        {
            column.Add(row);
        }

        _table.EndRow();
    }

    public void Dispose() => _table.Dispose();
}
