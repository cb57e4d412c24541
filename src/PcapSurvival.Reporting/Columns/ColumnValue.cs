using System.Globalization;

namespace PcapSurvival.Reporting.Columns;

/// <summary>What a column holds, for writers that type their columns (JSON, Parquet).</summary>
public enum ColumnKind
{
    Text,
    Integer,

    /// <summary>A decimal number, already formatted with the column's digits.</summary>
    Decimal,
    Boolean,
}

/// <summary>One cell of a table: a typed value, or null (empty in CSV, null in JSON).</summary>
public readonly record struct ColumnValue(bool IsNull, string? Text, long Integer, bool Boolean)
{
    public static ColumnValue Null => new(true, null, 0, false);

    public static ColumnValue Of(string? text) => text is null ? Null : new(false, text, 0, false);

    public static ColumnValue Of(long value) => new(false, null, value, false);

    public static ColumnValue Of(bool value) => new(false, null, 0, value);

    /// <summary>A decimal number with <paramref name="format"/> ("0.000"), as CSV and JSON both write it.</summary>
    public static ColumnValue Of(double value, string format) => new(false, value.ToString(format, CultureInfo.InvariantCulture), 0, false);

    /// <summary>The cell as CSV text.</summary>
    public string Csv(ColumnKind kind) => IsNull ? "" : kind switch
    {
        ColumnKind.Integer => Integer.ToString(CultureInfo.InvariantCulture),
        ColumnKind.Boolean => Boolean ? "true" : "false",
        _ => Text!,
    };
}
