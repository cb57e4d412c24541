using Parquet;
using Parquet.Schema;

namespace PcapSurvival.Reporting.Parquet;

/// <summary>
/// The values of one column for the row group being filled: kept in arrays (one per column, reused from group to
/// group) and handed to Parquet.Net column by column when the group is full.
/// </summary>
internal abstract class ParquetValues
{
    /// <summary>The schema field: a <see cref="DataField"/>, or a <see cref="ListField"/> for a list column.</summary>
    public abstract Field Field { get; }

    public abstract Task WriteAsync(ParquetRowGroupWriter rowGroup, CancellationToken cancellation);

    public abstract void Clear();
}

/// <summary>A column of non-null numbers or booleans.</summary>
internal sealed class NumberValues<T>(string name, int capacity) : ParquetValues where T : struct
{
    private readonly DataField<T> _field = new(name, nullable: false);
    private readonly T[] _values = new T[capacity];
    private int _count;

    public override Field Field => _field;

    public void Add(T value) => _values[_count++] = value;

    public override Task WriteAsync(ParquetRowGroupWriter rowGroup, CancellationToken cancellation) =>
        rowGroup.WriteAsync<T>(_field, _values.AsMemory(0, _count), cancellationToken: cancellation);

    public override void Clear() => _count = 0;
}

/// <summary>A column of numbers that may be missing (an empty CSV field).</summary>
internal sealed class NullableNumberValues<T>(string name, int capacity) : ParquetValues where T : struct
{
    private readonly DataField<T?> _field = new(name);
    private readonly T?[] _values = new T?[capacity];
    private int _count;

    public override Field Field => _field;

    public void Add(T? value) => _values[_count++] = value;

    public override Task WriteAsync(ParquetRowGroupWriter rowGroup, CancellationToken cancellation) =>
        rowGroup.WriteAsync<T>(_field, _values.AsMemory(0, _count), cancellationToken: cancellation);

    public override void Clear() => _count = 0;
}

/// <summary>A column of UTF-8 text; null is a Parquet null.</summary>
internal sealed class TextValues(string name, int capacity) : ParquetValues
{
    private readonly DataField<string> _field = new(name, nullable: true);
    private readonly string?[] _values = new string?[capacity];
    private int _count;

    public override Field Field => _field;

    public void Add(string? value) => _values[_count++] = value;

    public override async Task WriteAsync(ParquetRowGroupWriter rowGroup, CancellationToken cancellation)
    {
        await rowGroup.WriteAsync(_field, new ArraySegment<string>(_values!, 0, _count)).ConfigureAwait(false);
    }

    public override void Clear()
    {
        Array.Clear(_values, 0, _count); // let the strings go
        _count = 0;
    }
}

/// <summary>
/// A column of points in time, Parquet TIMESTAMP(NANOS) in UTC. Parquet.Net takes .NET DateTime values, whose unit
/// is 100 ns: a nanosecond capture's last two digits are lost (microsecond captures are exact).
/// Not flagged adjusted-to-UTC: readers (DuckDB) would then turn the column into a microsecond TIMESTAMPTZ.
/// </summary>
internal sealed class TimestampValues(string name, int capacity) : ParquetValues
{
    private readonly DateTimeDataField _field = new(name, DateTimeFormat.Timestamp, isAdjustedToUTC: false, unit: DateTimeTimeUnit.Nanos, isNullable: true);
    private readonly DateTime?[] _values = new DateTime?[capacity];
    private int _count;

    public override Field Field => _field;

    public static DateTime FromNanoseconds(long ns) => DateTime.UnixEpoch.AddTicks(ns / 100);

    public void Add(long? ns) => _values[_count++] = ns is long value ? FromNanoseconds(value) : null;

    public override Task WriteAsync(ParquetRowGroupWriter rowGroup, CancellationToken cancellation) =>
        rowGroup.WriteAsync<DateTime>(_field, _values.AsMemory(0, _count), cancellationToken: cancellation);

    public override void Clear() => _count = 0;
}

/// <summary>
/// A column of lists (never null; empty when there is nothing), written with Parquet's definition and repetition
/// levels: definition 1 is an empty list, 2 an element; repetition 0 starts a row, 1 continues its list.
/// </summary>
/// <typeparam name="T">The element as Parquet.Net takes it: double, long, or ReadOnlyMemory&lt;char&gt; for text.</typeparam>
internal sealed class ListValues<T>(string name, DataField element, int capacity) : ParquetValues
    where T : struct
{
    private readonly DataField _element = element;
    private readonly List<T> _values = new(capacity);
    private readonly List<int> _definitions = new(capacity);
    private readonly List<int> _repetitions = new(capacity);
    private ListField? _field;
    private bool _rowHasElement;

    public override Field Field => _field ??= new ListField(name, _element);

    /// <summary>Starts the next row's list; <see cref="AddElement"/> then fills it.</summary>
    public void BeginRow()
    {
        _rowHasElement = false;
        _definitions.Add(1);
        _repetitions.Add(0);
    }

    public void AddElement(T value)
    {
        if (_rowHasElement)
        {
            _definitions.Add(2);
            _repetitions.Add(1);
        }
        else
        {
            _definitions[^1] = 2; // the row's placeholder becomes its first element
            _rowHasElement = true;
        }

        _values.Add(value);
    }

    public void Add(IEnumerable<T> values)
    {
        BeginRow();
        foreach (var value in values)
        {
            AddElement(value);
        }
    }

    public override Task WriteAsync(ParquetRowGroupWriter rowGroup, CancellationToken cancellation) =>
        rowGroup.WriteAllPartsAsync<T>(
            _element, _values.ToArray(), _definitions.ToArray(), _repetitions.ToArray(), cancellation);

    public override void Clear()
    {
        _values.Clear();
        _definitions.Clear();
        _repetitions.Clear();
    }
}
