using CsvHelper;
using PcapSurvival.Reporting.Csv;

namespace PcapSurvival.Reporting.Tables;

/// <summary>A CSV file whose columns are a <see cref="TableColumn{TRow}"/> list, after the <c>file</c> column.</summary>
internal sealed class TableCsv<TRow> : IDisposable
{
    private readonly TableColumn<TRow>[] _columns;
    private readonly CsvWriter _csv;

    public TableCsv(string directory, string fileName, TableColumn<TRow>[] columns)
    {
        _columns = columns;
        _csv = CsvFiles.Create(directory, fileName, HeaderOf(columns), CsvFiles.Unescaped);
    }

    public static string[] HeaderOf(TableColumn<TRow>[] columns) => ["file", .. columns.Select(c => c.Name)];

    public void Write(string file, TRow row, int digits)
    {
        _csv.WriteField(file, CsvFiles.QuotingOf(file)); // escaped by the caller; numbers are never escaped (CsvFiles.Unescaped)
        foreach (var column in _columns)
        {
            column.WriteCsv(_csv, row, digits);
        }

        _csv.EndRecord();
    }

    public void Flush() => _csv.Flush();

    public void Dispose() => _csv.Dispose();
}
