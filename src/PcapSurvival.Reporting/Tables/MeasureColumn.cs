using CsvHelper;
using PcapSurvival.Core.Tcp;
using PcapSurvival.Reporting.Columns;
using PcapSurvival.Reporting.Parquet;

namespace PcapSurvival.Reporting.Tables;

/// <summary>
/// One of the measure columns of <see cref="Columns.ConnectionColumns"/> (Zeek's vocabulary, Community ID, RTT) in the
/// tables: written to CSV as the JSON writer formats it, to Parquet as a nullable value of its kind.
/// </summary>
internal sealed class MeasureColumn(ConnectionColumn column) : TableColumn<Connection>(column.Name)
{
    public override void WriteCsv(CsvWriter csv, Connection row, int digits) => csv.WriteField(column.Value(row).Csv(column.Kind));

    public override ColumnBuffer<Connection> CreateBuffer(int capacity)
    {
        switch (column.Kind)
        {
            case ColumnKind.Integer:
            {
                var values = new NullableNumberValues<long>(Name, capacity);
                return new(values, row => values.Add(column.Value(row) is { IsNull: false } v ? v.Integer : null));
            }

            case ColumnKind.Boolean:
            {
                var values = new NullableNumberValues<bool>(Name, capacity);
                return new(values, row => values.Add(column.Value(row) is { IsNull: false } v ? v.Boolean : null));
            }

            case ColumnKind.Decimal:
            {
                var values = new NullableNumberValues<double>(Name, capacity);
                return new(values, row => values.Add(column.Value(row) is { IsNull: false } v
                    ? double.Parse(v.Text!, System.Globalization.CultureInfo.InvariantCulture) : null));
            }

            default:
            {
                var values = new TextValues(Name, capacity);
                return new(values, row => values.Add(column.Value(row).Text));
            }
        }
    }
}
