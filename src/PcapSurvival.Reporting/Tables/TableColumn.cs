using System.Globalization;
using CsvHelper;
using Parquet.Schema;
using PcapSurvival.Reporting.Parquet;

namespace PcapSurvival.Reporting.Tables;

/// <summary>
/// One column of a table with a row per connection or outage, defined once for every format: its name, how CSV
/// writes it as text and which typed Parquet column holds it. A new column is one line in the table's list
/// (<see cref="ConnectionColumns"/>, <see cref="OutageColumns"/>), and CSV and Parquet both get it.
/// </summary>
internal abstract class TableColumn<TRow>(string name)
{
    protected static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public string Name => name;

    /// <param name="digits">Fractional digits of the capture's timestamps (6 or 9).</param>
    public abstract void WriteCsv(CsvWriter csv, TRow row, int digits);

    /// <summary>A buffer for a row group of this column's typed values, with the action that adds a row's value.</summary>
    public abstract ColumnBuffer<TRow> CreateBuffer(int capacity);
}

/// <summary>Text; null is an empty CSV field and a Parquet null.</summary>
internal sealed class TextColumn<TRow>(string name, Func<TRow, string?> value) : TableColumn<TRow>(name)
{
    public override void WriteCsv(CsvWriter csv, TRow row, int digits) => csv.WriteField(value(row) ?? "");

    public override ColumnBuffer<TRow> CreateBuffer(int capacity)
    {
        var values = new TextValues(Name, capacity);
        return new(values, row => values.Add(value(row)));
    }
}

/// <summary>A count, a port or a number: Parquet int64.</summary>
internal sealed class IntegerColumn<TRow>(string name, Func<TRow, long> value) : TableColumn<TRow>(name)
{
    public override void WriteCsv(CsvWriter csv, TRow row, int digits) => csv.WriteField(value(row), default);

    public override ColumnBuffer<TRow> CreateBuffer(int capacity)
    {
        var values = new NumberValues<long>(Name, capacity);
        return new(values, row => values.Add(value(row)));
    }
}

/// <summary>A point in time in nanoseconds since 1970: ISO-8601 in CSV, a nanosecond timestamp in Parquet; null is empty.</summary>
internal sealed class TimestampColumn<TRow>(string name, Func<TRow, long?> ns) : TableColumn<TRow>(name)
{
    public override void WriteCsv(CsvWriter csv, TRow row, int digits) =>
        csv.WriteField(ns(row) is long value ? Timestamps.Iso(value, digits) : "");

    public override ColumnBuffer<TRow> CreateBuffer(int capacity)
    {
        var values = new TimestampValues(Name, capacity);
        return new(values, row => values.Add(ns(row)));
    }
}

/// <summary>A length of time in nanoseconds: seconds with the capture's digits in CSV, double seconds in Parquet.</summary>
internal sealed class DurationColumn<TRow>(string name, Func<TRow, long> ns) : TableColumn<TRow>(name)
{
    public override void WriteCsv(CsvWriter csv, TRow row, int digits) => csv.WriteField(Timestamps.Seconds(ns(row), digits));

    public override ColumnBuffer<TRow> CreateBuffer(int capacity)
    {
        var values = new NumberValues<double>(Name, capacity);
        return new(values, row => values.Add(ns(row) / 1e9));
    }
}

/// <summary>A measurement: CSV rounds it with <paramref name="format"/>, Parquet keeps the double; null is empty.</summary>
internal sealed class DecimalColumn<TRow>(string name, Func<TRow, double?> value, string format) : TableColumn<TRow>(name)
{
    public override void WriteCsv(CsvWriter csv, TRow row, int digits) => csv.WriteField(value(row)?.ToString(format, Invariant) ?? "");

    public override ColumnBuffer<TRow> CreateBuffer(int capacity)
    {
        var values = new NullableNumberValues<double>(Name, capacity);
        return new(values, row => values.Add(value(row)));
    }
}

/// <summary>true or false, as in the JSON (not .NET's True/False).</summary>
internal sealed class BooleanColumn<TRow>(string name, Func<TRow, bool> value) : TableColumn<TRow>(name)
{
    public override void WriteCsv(CsvWriter csv, TRow row, int digits) => csv.WriteField(value(row) ? "true" : "false");

    public override ColumnBuffer<TRow> CreateBuffer(int capacity)
    {
        var values = new NumberValues<bool>(Name, capacity);
        return new(values, row => values.Add(value(row)));
    }
}

/// <summary>A list of measurements: joined by ';' in CSV ("0.200;0.400"), a list of doubles in Parquet.</summary>
internal sealed class DecimalListColumn<TRow>(string name, Func<TRow, IEnumerable<double>> values, string format) : TableColumn<TRow>(name)
{
    public override void WriteCsv(CsvWriter csv, TRow row, int digits) =>
        csv.WriteField(string.Join(';', values(row).Select(v => v.ToString(format, Invariant))));

    public override ColumnBuffer<TRow> CreateBuffer(int capacity)
    {
        var list = new ListValues<double>(Name, new DataField<double>("element", nullable: false), capacity);
        return new(list, row => list.Add(values(row)));
    }
}

/// <summary>A list of whole numbers: CSV writes it with <paramref name="csvText"/>, Parquet as a list of int64.</summary>
internal sealed class IntegerListColumn<TRow>(string name, Func<TRow, IEnumerable<long>> values, Func<TRow, string?> csvText)
    : TableColumn<TRow>(name)
{
    public override void WriteCsv(CsvWriter csv, TRow row, int digits) => csv.WriteField(csvText(row) ?? "");

    public override ColumnBuffer<TRow> CreateBuffer(int capacity)
    {
        var list = new ListValues<long>(Name, new DataField<long>("element", nullable: false), capacity);
        return new(list, row => list.Add(values(row)));
    }
}
