using PcapSurvival.Core.Reading;

namespace PcapSurvival.Cli.Input;

/// <summary>
/// Reads a pipe, FIFO or terminal so that a stop request is heard while it has nothing to give (<c>tcpdump -w - |</c>
/// on a quiet link): each read runs on a pool thread and the caller waits for it or for the cancellation. Once
/// cancelled, the input ends here (the read in flight is left to the process's exit), and what was read is analyzed.
/// It tells the analysis when the writer goes quiet (<see cref="IPacedStream"/>), so that what was read is analyzed
/// then, not after the stop request.
/// </summary>
internal sealed class InterruptibleStream(Stream inner, CancellationToken cancellation) : Stream, IPacedStream
{
    private readonly byte[] _chunk = new byte[1 << 16];
    private Task<int>? _reading;
    private int _offset;
    private int _count;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_count == 0 && !Fill())
        {
            return 0;
        }

        int copied = Math.Min(_count, buffer.Length);
        _chunk.AsSpan(_offset, copied).CopyTo(buffer);
        _offset += copied;
        _count -= copied;
        return copied;
    }

    public override void Flush()
    {
    }

    /// <summary>Starts the next read if none is in flight, and waits for it at most <paramref name="patience"/>.</summary>
    public bool WaitForData(TimeSpan patience)
    {
        if (_count > 0 || cancellation.IsCancellationRequested)
        {
            return true; // data at hand, or the next read ends the input at once
        }

        _reading ??= StartRead();
        try
        {
            return Task.WaitAny([_reading], (int)patience.TotalMilliseconds, cancellation) == 0; // a failed read counts as data: Read throws it
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose(); // a read still in flight keeps the descriptor until it returns (SafeHandle counts it)
        }

        base.Dispose(disposing);
    }

    private Task<int> StartRead() => Task.Run(() => inner.Read(_chunk, 0, _chunk.Length), CancellationToken.None);

    /// <returns>False at the end of the input, or once a stop was requested.</returns>
    private bool Fill()
    {
        if (cancellation.IsCancellationRequested)
        {
            return false;
        }

        _reading ??= StartRead();
        try
        {
            Task.WaitAny([_reading], cancellation);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        var done = _reading;
        _reading = null;
        _count = done.GetAwaiter().GetResult(); // a read error is thrown here, as the stream itself would
        _offset = 0;
        return _count > 0;
    }
}
