using Parquet;
using Parquet.Schema;

namespace PcapSurvival.Reporting.Parquet;

/// <summary>
/// One Parquet file written in row groups: rows go into the columns' buffers, and every <see cref="RowGroupRows"/>
/// rows (and at the end) the buffers become a row group on disk. Memory is one group's worth of values, however
/// long the capture.
/// </summary>
internal sealed class ParquetTable : IDisposable
{
    private static readonly ParquetOptions Options = new()
    {
        CompressionMethod = CompressionMethod.Snappy,
        CompressionLevel = System.IO.Compression.CompressionLevel.Fastest,
        // Parquet.Net's pool of streams keeps whatever it freed unless told otherwise.
        MaximumSmallPoolFreeBytes = 16 << 20,
        MaximumLargePoolFreeBytes = 64 << 20,
    };

    private readonly ParquetValues[] _columns;
    private readonly FileStream _stream;
    private readonly ParquetWriter _writer;
    private int _rows;

    public ParquetTable(string path, ParquetValues[] columns, int rowGroupRows)
    {
        _columns = columns;
        RowGroupRows = rowGroupRows;
        _stream = File.Create(path);
        _writer = ParquetWriter.CreateAsync(new ParquetSchema(columns.Select(c => c.Field)), _stream, Options).GetAwaiter().GetResult();
    }

    public int RowGroupRows { get; }

    /// <summary>Call after adding a value to every column.</summary>
    public void EndRow()
    {
        if (++_rows == RowGroupRows)
        {
            Flush();
        }
    }

    /// <summary>Writes the buffered rows as a row group (nothing when there are none).</summary>
    public void Flush()
    {
        if (_rows == 0)
        {
            return;
        }

        WriteRowGroupAsync().GetAwaiter().GetResult();
        foreach (var column in _columns)
        {
            column.Clear();
        }

        _rows = 0;
    }

    public void Dispose()
    {
        Flush();
        _writer.DisposeAsync().AsTask().GetAwaiter().GetResult(); // writes the footer
        _stream.Dispose();
    }

    private async Task WriteRowGroupAsync()
    {
        using var rowGroup = _writer.CreateRowGroup();
        foreach (var column in _columns)
        {
            await column.WriteAsync(rowGroup, CancellationToken.None).ConfigureAwait(false);
        }

        rowGroup.CompleteValidate();
    }
}
