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

/// <summary>
/// A column of UTF-8 text; null is a Parquet null. Kept as the memory Parquet.Net encodes from: its string overload
/// converted every row group into a new array of that (a large-object allocation per column and group).
/// </summary>
internal sealed class TextValues(string name, int capacity) : ParquetValues
{
    private readonly DataField<string> _field = new(name, nullable: true);
    private readonly ReadOnlyMemory<char>?[] _values = new ReadOnlyMemory<char>?[capacity];
    private int _count;

    public override Field Field => _field;

    public void Add(string? value) => _values[_count++] = value?.AsMemory();

    public override Task WriteAsync(ParquetRowGroupWriter rowGroup, CancellationToken cancellation) =>
        rowGroup.WriteAsync<ReadOnlyMemory<char>>(_field, _values.AsMemory(0, _count), cancellationToken: cancellation);

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

    // Arrays of their own, reused from group to group and handed over as they are (a List's ToArray copied all three
    // per group). The levels have an entry per row and per further element, the values one per element.
    private T[] _values = new T[Math.Max(1, capacity)];
    private int[] _definitions = new int[Math.Max(1, capacity)];
    private int[] _repetitions = new int[Math.Max(1, capacity)];
    private int _valueCount;
    private int _levelCount;
    private ListField? _field;
    private bool _rowHasElement;

    public override Field Field => _field ??= new ListField(name, _element);

    /// <summary>Starts the next row's list; <see cref="AddElement"/> then fills it.</summary>
    public void BeginRow()
    {
        _rowHasElement = false;
        AddLevels(definition: 1, repetition: 0);
    }

    public void AddElement(T value)
    {
        if (_rowHasElement)
        {
            AddLevels(definition: 2, repetition: 1);
        }
        else
        {
            _definitions[_levelCount - 1] = 2; // the row's placeholder becomes its first element
            _rowHasElement = true;
        }

        if (_valueCount == _values.Length)
        {
            Array.Resize(ref _values, _values.Length * 2);
        }

        _values[_valueCount++] = value;
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
            _element, _values.AsMemory(0, _valueCount), _definitions.AsMemory(0, _levelCount), _repetitions.AsMemory(0, _levelCount), cancellation);

    public override void Clear()
    {
        _valueCount = 0;
        _levelCount = 0;
    }

    private void AddLevels(int definition, int repetition)
    {
        if (_levelCount == _definitions.Length)
        {
            Array.Resize(ref _definitions, _definitions.Length * 2);
            Array.Resize(ref _repetitions, _repetitions.Length * 2);
        }

        _definitions[_levelCount] = definition;
        _repetitions[_levelCount] = repetition;
        _levelCount++;
    }
}
