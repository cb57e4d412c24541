using System.Runtime.InteropServices;

namespace PcapSurvival.Core.Reading;

/// <summary>
/// Decompresses gzip data (one member or several, concatenated as gzip does) with the system's zlib, and says
/// when it is damaged rather than ending quietly: data that stops inside a member or its trailer is cut short; a
/// trailer whose CRC-32 or ISIZE does not match the data, or damaged deflate data, is corrupt (zlib checks both
/// fields of the trailer); bytes after a member that do not start another one are not gzip. Every byte that
/// decompressed before the damage is returned first, and the damage is thrown by the next read, so the packets
/// before it are still analyzed.
/// </summary>
internal sealed unsafe class GzipDecompressor : Stream
{
    private const int InputSize = 1 << 16;
    private readonly Stream _raw;
    private readonly byte[] _input = new byte[InputSize];
    private ZlibNative.ZStream* _zlib;
    private int _inputStart;
    private int _inputEnd;
    private long _compressedConsumed;
    private bool _insideMember = true;
    private bool _rawEnded;
    private bool _finished;
    private GzipDataException? _damage;

    private GzipDecompressor(Stream raw, ZlibNative.ZStream* zlib)
    {
        _raw = raw;
        _zlib = zlib;
    }

    /// <summary>A decompressor over <paramref name="raw"/>, which starts a gzip member; null when zlib cannot be loaded.</summary>
    public static GzipDecompressor? TryCreate(Stream raw)
    {
        var zlib = (ZlibNative.ZStream*)NativeMemory.AllocZeroed((nuint)sizeof(ZlibNative.ZStream));
        try
        {
            if (ZlibNative.InflateInit2(zlib, ZlibNative.GzipWindowBits, ZlibNative.Version(), sizeof(ZlibNative.ZStream)) == ZlibNative.Ok)
            {
                return new GzipDecompressor(raw, zlib);
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
        }

        NativeMemory.Free(zlib);
        return null;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_zlib is null, this);
        if (_damage is not null)
        {
            throw _damage;
        }

        int produced = 0;
        while (produced < buffer.Length && !_finished && _damage is null)
        {
            if (_inputStart == _inputEnd)
            {
                // Hand over what there is rather than wait on a pipe for more.
                if (produced > 0 || !FillInput())
                {
                    if (produced == 0)
                    {
                        EndOfInput();
                    }

                    break;
                }
            }

            if (!_insideMember && !StartNextMember())
            {
                break;
            }

            produced += Inflate(buffer[produced..]);
        }

        if (produced == 0 && _damage is not null)
        {
            throw _damage;
        }

        return produced;
    }

    private int Inflate(Span<byte> output)
    {
        fixed (byte* input = _input)
        fixed (byte* outputStart = output)
        {
            int available = _inputEnd - _inputStart;
            _zlib->NextIn = input + _inputStart;
            _zlib->AvailIn = (uint)available;
            _zlib->NextOut = outputStart;
            _zlib->AvailOut = (uint)output.Length;
            int result = ZlibNative.Inflate(_zlib, ZlibNative.NoFlush);
            int consumed = available - (int)_zlib->AvailIn;
            _inputStart += consumed;
            _compressedConsumed += consumed;
            if (result == ZlibNative.StreamEnd)
            {
                _insideMember = false;
            }
            else if (result != ZlibNative.Ok || (consumed == 0 && _zlib->AvailOut == output.Length))
            {
                _damage = new GzipDataException($"the gzip data is corrupt at compressed byte {_compressedConsumed}: {Describe(_zlib->Message)}");
            }

            return output.Length - (int)_zlib->AvailOut;
        }
    }

    /// <summary>The raw data ended: the normal end between members, or data cut short inside one.</summary>
    private void EndOfInput()
    {
        if (_insideMember)
        {
            _damage = new GzipDataException($"the gzip data is cut short after {_compressedConsumed} compressed bytes") { CutShort = true };
        }
        else
        {
            _finished = true;
        }
    }

    /// <summary>After a member's trailer: another member, the end, or bytes that are not gzip.</summary>
    private bool StartNextMember()
    {
        while (_inputEnd - _inputStart < 2 && FillInput())
        {
        }

        int left = _inputEnd - _inputStart;
        if (left == 0)
        {
            _finished = true;
            return false;
        }

        if (left < 2 || _input[_inputStart] != 0x1F || _input[_inputStart + 1] != 0x8B)
        {
            _damage = new GzipDataException($"the gzip data is followed by bytes that are not gzip, at compressed byte {_compressedConsumed}");
            return false;
        }

        if (ZlibNative.InflateReset(_zlib) != ZlibNative.Ok)
        {
            _damage = new GzipDataException($"zlib could not start the gzip member at compressed byte {_compressedConsumed}");
            return false;
        }

        _insideMember = true;
        return true;
    }

    /// <summary>Reads more compressed bytes after those left; false when the raw data has ended.</summary>
    private bool FillInput()
    {
        if (_rawEnded)
        {
            return false;
        }

        if (_inputStart > 0)
        {
            Buffer.BlockCopy(_input, _inputStart, _input, 0, _inputEnd - _inputStart);
            _inputEnd -= _inputStart;
            _inputStart = 0;
        }

        int read = _raw.Read(_input, _inputEnd, _input.Length - _inputEnd);
        if (read == 0)
        {
            _rawEnded = true;
            return false;
        }

        _inputEnd += read;
        return true;
    }

    /// <summary>zlib's words for the two trailer checks name the fields; its other messages are kept as they are.</summary>
    private static string Describe(sbyte* message) => Marshal.PtrToStringUTF8((nint)message) switch
    {
        "incorrect data check" => "the CRC-32 in the gzip trailer does not match the data",
        "incorrect length check" => "the length (ISIZE) in the gzip trailer does not match the data",
        null => "zlib gave no reason",
        var text => text,
    };

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (_zlib is not null)
        {
            _ = ZlibNative.InflateEnd(_zlib); // only fails for a stream zlib does not know, which this one is not
            NativeMemory.Free(_zlib);
            _zlib = null;
        }

        if (disposing)
        {
            _raw.Dispose();
        }

        base.Dispose(disposing);
    }

    ~GzipDecompressor() => Dispose(false);
}
