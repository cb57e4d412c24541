using System.Numerics;

namespace PcapSurvival.Core.Reading;

/// <summary>
/// A forward-only window over a stream: callers ask for N contiguous bytes, look at them, then
/// advance. One large buffer is reused for the whole file, so reading allocates nothing per record.
/// </summary>
internal sealed class ByteSource : IDisposable
{
    private const int InitialSize = 1 << 20;
    private readonly Stream _stream;
    private byte[] _buffer = new byte[InitialSize];
    private int _start;
    private int _end;
    private long _bufferBase;
    private bool _endOfStream;

    public ByteSource(Stream stream) => _stream = stream;

    /// <summary>File offset of the next unread byte.</summary>
    public long Position => _bufferBase + _start;

    public int Available => _end - _start;

    /// <summary>Makes at least <paramref name="count"/> bytes available; false when the stream ends first.</summary>
    public bool Ensure(int count)
    {
        if (_end - _start >= count)
        {
            return true;
        }

        return Fill(count);
    }

    public ReadOnlySpan<byte> Peek(int count) => _buffer.AsSpan(_start, count);

    public void Advance(int count) => _start += count;

    private bool Fill(int count)
    {
        if (count > _buffer.Length)
        {
            var larger = new byte[(int)Math.Min(Array.MaxLength, (long)BitOperations.RoundUpToPowerOf2((uint)count))];
            Buffer.BlockCopy(_buffer, _start, larger, 0, _end - _start);
            _buffer = larger;
            _bufferBase += _start;
            _end -= _start;
            _start = 0;
        }
        else if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _bufferBase += _start;
            _end -= _start;
            _start = 0;
        }

        while (_end - _start < count && !_endOfStream)
        {
            int read = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0)
            {
                _endOfStream = true;
            }

            _end += read;
        }

        return _end - _start >= count;
    }

    public void Dispose() => _stream.Dispose();
}
