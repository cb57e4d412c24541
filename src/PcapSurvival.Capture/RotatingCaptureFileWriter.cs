using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using SharpPcap;
using SharpPcap.LibPcap;

namespace PcapSurvival.Capture;

/// <summary>
/// The -w file as tcpdump's rotation and ring buffer (<see cref="CaptureRotation"/>), with tcpdump's names: FILE,
/// FILE1, FILE2 ... for -C, FILE0 ... FILE{N-1} (zero-padded to the digits of N-1) with -C and -W, and FILE through
/// strftime (local time, at the rotation) for -G. Each file is written here, not by libpcap's stdio dumper, so
/// that what reaches the disk is always whole records: the header at once, then records only in whole buffers, at
/// every flush and rotation. Every file is a complete, readable capture at every moment.
/// </summary>
internal sealed class RotatingCaptureFileWriter : ICaptureFileWriter
{
    private const uint MagicMicroseconds = 0xA1B2C3D4;
    private const uint MagicNanoseconds = 0xA1B23C4D;
    private const int RecordHeaderLength = 16;
    private const int BufferBytes = 1 << 20;

    private readonly string _pattern;
    private readonly CaptureRotation _rotation;
    private readonly int _linkType;
    private readonly int _snaplen;
    private readonly bool _nanoseconds;
    private readonly int _countDigits;
    private readonly Queue<string> _timedFiles = new();
    private readonly byte[] _buffer = new byte[BufferBytes];
    private int _buffered;
    private FileStream? _file;
    private long _fileBytes;
    private int _sizeCount;
    private long _openedAtNs;
    private bool _closed;

    /// <param name="pattern">The -w name: the first file's, and the base of the others.</param>
    /// <param name="startNs">When the capture starts, for the first file's strftime name.</param>
    public RotatingCaptureFileWriter(string pattern, CaptureRotation rotation, int linkType, int snaplen, bool nanoseconds, long startNs)
    {
        _pattern = pattern;
        _rotation = rotation;
        _linkType = linkType;
        _snaplen = snaplen;
        _nanoseconds = nanoseconds;
        _countDigits = rotation.FileCount is int files && rotation.FileSizeBytes is not null ? DigitsOf(files - 1) : 0;
        Open(startNs);
    }

    public string Name { get; private set; } = "";

    /// <summary>tcpdump's file name for a rotation at <paramref name="timeNs"/> that is the <paramref name="count"/>-th by size.</summary>
    public static string FileName(string pattern, CaptureRotation rotation, int count, int countDigits, long timeNs)
    {
        string name = rotation.Seconds is not null ? Strftime(pattern, DateTimeOffset.FromUnixTimeMilliseconds(timeNs / 1_000_000).ToLocalTime()) : pattern;
        return count == 0 && countDigits == 0 ? name : name + count.ToString(CultureInfo.InvariantCulture).PadLeft(countDigits, '0');
    }

    public void Write(ReadOnlySpan<byte> data, ref PcapHeader header)
    {
        if (_closed)
        {
            return;
        }

        long timeNs = (long)(header.Timeval.Value * 1_000_000_000m);
        if (_rotation.Seconds is int seconds && timeNs - _openedAtNs >= seconds * 1_000_000_000L)
        {
            _sizeCount = 0;
            Rotate(timeNs);
        }

        // As tcpdump: a file that has grown past the size is closed before the next packet, not cut inside it.
        if (_rotation.FileSizeBytes is long size && _fileBytes > size)
        {
            _sizeCount++;
            if (_rotation.FileCount is int files && _rotation.Seconds is null && _sizeCount >= files)
            {
                _sizeCount = 0;
            }

            Rotate(timeNs);
        }

        int length = Math.Min(data.Length, _snaplen);
        if (_buffered + RecordHeaderLength + length > _buffer.Length)
        {
            WriteBuffer();
        }

        var record = _buffer.AsSpan(_buffered);
        long fraction = timeNs % 1_000_000_000;
        BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)(timeNs / 1_000_000_000));
        BinaryPrimitives.WriteUInt32LittleEndian(record[4..], (uint)(_nanoseconds ? fraction : fraction / 1000));
        BinaryPrimitives.WriteUInt32LittleEndian(record[8..], (uint)length);
        BinaryPrimitives.WriteUInt32LittleEndian(record[12..], Math.Max(header.PacketLength, (uint)length));
        data[..length].CopyTo(record[RecordHeaderLength..]); // fits: the snap length is at most a quarter of the buffer
        _buffered += RecordHeaderLength + length;

        _fileBytes += RecordHeaderLength + length;
    }

    public void Flush()
    {
        if (_file is null)
        {
            return;
        }

        WriteBuffer();
        _file.Flush(flushToDisk: false);
    }

    public void Close()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        try
        {
            Flush();
        }
        finally
        {
            _file?.Dispose();
            _file = null;
        }
    }

    public void Dispose() => Close();

    private void Rotate(long timeNs)
    {
        Flush();
        _file!.Dispose();
        _file = null;
        Open(timeNs);
    }

    private void Open(long timeNs)
    {
        Name = FileName(_pattern, _rotation, _sizeCount, _countDigits, timeNs);
        _file = new FileStream(Name, FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
        _openedAtNs = timeNs;
        Span<byte> header = stackalloc byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, _nanoseconds ? MagicNanoseconds : MagicMicroseconds);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], (uint)_snaplen);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], (uint)_linkType);
        _file.Write(header); // at once: an empty file is a readable capture too
        _fileBytes = header.Length;
        ForgetOldTimedFiles();
    }

    /// <summary>With -G and -W (and no -C ring): the newest N files stay, the oldest is deleted.</summary>
    private void ForgetOldTimedFiles()
    {
        if (_rotation.Seconds is null || _rotation.FileCount is not int files || _rotation.FileSizeBytes is not null)
        {
            return;
        }

        if (!_timedFiles.Contains(Name))
        {
            _timedFiles.Enqueue(Name);
        }

        while (_timedFiles.Count > files)
        {
            File.Delete(_timedFiles.Dequeue());
        }
    }

    private void WriteBuffer()
    {
        if (_buffered > 0)
        {
            _file!.Write(_buffer, 0, _buffered); // whole records, in one write
            _buffered = 0;
        }
    }

    private static int DigitsOf(int value)
    {
        int digits = 0;
        for (; value > 0; value /= 10)
        {
            digits++;
        }

        return digits;
    }

    /// <summary>The strftime conversions a file name uses; others are kept as written.</summary>
    internal static string Strftime(string pattern, DateTimeOffset time)
    {
        var name = new StringBuilder(pattern.Length + 16);
        for (int i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] != '%' || i + 1 == pattern.Length)
            {
                name.Append(pattern[i]);
                continue;
            }

            char conversion = pattern[++i];
            name.Append(conversion switch
            {
                'Y' => time.ToString("yyyy", CultureInfo.InvariantCulture),
                'y' => time.ToString("yy", CultureInfo.InvariantCulture),
                'm' => time.ToString("MM", CultureInfo.InvariantCulture),
                'd' => time.ToString("dd", CultureInfo.InvariantCulture),
                'H' => time.ToString("HH", CultureInfo.InvariantCulture),
                'M' => time.ToString("mm", CultureInfo.InvariantCulture),
                'S' => time.ToString("ss", CultureInfo.InvariantCulture),
                'j' => time.DayOfYear.ToString("000", CultureInfo.InvariantCulture),
                's' => time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                'F' => time.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                'T' => time.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
                '%' => "%",
                _ => "%" + conversion,
            });
        }

        return name.ToString();
    }
}
