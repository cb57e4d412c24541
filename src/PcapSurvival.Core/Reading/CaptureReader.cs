using System.Buffers.Binary;
using System.IO.Compression;

namespace PcapSurvival.Core.Reading;

/// <summary>
/// Streams packet records out of a pcap or pcapng file, gzip-compressed or not, from a path or
/// standard input. The format is recognised by its magic bytes, never by the file name.
/// </summary>
public sealed class CaptureReader : IDisposable
{
    private readonly ByteSource _source;
    private readonly RecordReader _records;
    private readonly Stream _raw;
    private readonly IPacedStream? _paced;
    private CaptureFault? _corruption;

    private CaptureReader(string name, Stream raw, ByteSource source, RecordReader records, CaptureFormat format, bool compressed)
    {
        Name = name;
        _raw = raw;
        _paced = raw as IPacedStream;
        _source = source;
        _records = records;
        Format = format;
        IsCompressed = compressed;
        Files = [name];
    }

    /// <summary>The name used in messages: the path as given, or "-" for standard input.</summary>
    public string Name { get; }

    public CaptureFormat Format { get; }

    public bool IsCompressed { get; }

    /// <summary>Decimal digits of the capture's timestamp resolution: 6 for microseconds, 9 for nanoseconds.</summary>
    public int TimestampDigits => _records.TimestampDigits;

    /// <summary>Set once <see cref="Read"/> has returned <see cref="ReadStatus.Damaged"/>.</summary>
    public CaptureFault? Fault => _records.Fault ?? _corruption;

    /// <summary>When the capture says it stopped, beyond its last packet (pcapng's isb_endtime); known once read to the end.</summary>
    public long? StoppedNs => _records.StoppedNs;

    /// <summary>Packet records read so far, which is also the frame number of the last one.</summary>
    public long Frames => _records.Frames;

    /// <summary>The files this trace is read from, in the order <see cref="TraceFrame.Piece"/> numbers them: one, or the pieces of a <see cref="CaptureSet"/>.</summary>
    public IReadOnlyList<string> Files { get; private init; } = [];

    /// <summary>Pieces of a merged trace that were damaged, each with its fault; the other pieces were read on.</summary>
    public IReadOnlyList<(CapturePiece Piece, CaptureFault Fault)> PieceFaults =>
        _records is MergingRecordReader merging ? merging.PieceFaults : [];

    /// <summary>Fraction of the input consumed, for progress display; null when the input is a pipe.</summary>
    public double? Progress => _raw.CanSeek && _raw.Length > 0 ? (double)_raw.Position / _raw.Length : null;

    /// <summary>Opens a capture file, or standard input when <paramref name="path"/> is "-".</summary>
    /// <exception cref="CaptureFormatException">The input is not a capture this reader understands.</exception>
    /// <exception cref="IOException">The file cannot be opened or read.</exception>
    public static CaptureReader Open(string path)
    {
        Stream stream = path == "-"
            ? Console.OpenStandardInput(1 << 16)
            : new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, FileOptions.SequentialScan);
        return FromStream(stream, path);
    }

    /// <summary>
    /// Reads pieces of one capture (<see cref="CaptureSet.Group"/>, in that order) as one trace merged by timestamp,
    /// opening each piece with <paramref name="open"/> when the merge reaches it.
    /// </summary>
    public static CaptureReader FromPieces(string name, IReadOnlyList<CapturePiece> pieces, Func<CapturePiece, CaptureReader> open) =>
        new(name, Stream.Null, new ByteSource(Stream.Null), new MergingRecordReader(pieces, open), CaptureFormat.Pcap, compressed: false)
        {
            Files = pieces.Select(p => p.Name).ToArray(),
        };

    /// <summary>Reads a capture from any stream; the reader owns and disposes it.</summary>
    public static CaptureReader FromStream(Stream stream, string name)
    {
        try
        {
            var magic = new byte[4];
            int got = stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
            bool compressed = got >= 2 && magic[0] == 0x1F && magic[1] == 0x8B;
            Stream content = new ReplayStream(magic, got, stream);
            if (compressed)
            {
                content = (Stream?)GzipDecompressor.TryCreate(content) ?? new GZipStream(content, CompressionMode.Decompress);
            }

            var source = new ByteSource(content);
            if (!EnsureStart(source))
            {
                throw new CaptureFormatException(0, (compressed, source.Available) switch
                {
                    (true, 0) => "the gzip data holds nothing (empty, or cut short)",
                    (true, _) => $"the gzip data holds only {source.Available} bytes, too few for a capture",
                    (false, 0) => "file is empty",
                    _ => $"file is too short to be a capture ({source.Available} bytes)",
                });
            }

            var head = source.Peek(4);
            uint little = BinaryPrimitives.ReadUInt32LittleEndian(head);
            uint big = BinaryPrimitives.ReadUInt32BigEndian(head);
            if (little == PcapNgRecordReader.SectionHeaderType)
            {
                return new CaptureReader(name, stream, source, new PcapNgRecordReader(source), CaptureFormat.PcapNg, compressed);
            }

            if (IsPcapMagic(little) || IsPcapMagic(big))
            {
                return new CaptureReader(name, stream, source, new PcapRecordReader(source), CaptureFormat.Pcap, compressed);
            }

            throw new CaptureFormatException(0, $"not a pcap or pcapng file (it starts with {Convert.ToHexString(head)})");
        }
        catch (GzipDataException e)
        {
            stream.Dispose();
            throw new CaptureFormatException(0, e.Message);
        }
        catch (InvalidDataException e)
        {
            stream.Dispose();
            throw new CaptureFormatException($"gzip data is corrupt: {e.Message}", e);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Whether the input is written at another process's pace (a pipe), so that it may stall.</summary>
    public bool IsPaced => _paced is not null;

    /// <summary>
    /// Whether the input stalled: the next record is not buffered and the writer of a paced input (a pipe) sent
    /// nothing for <paramref name="patience"/>. Always false for a file, which never makes a reader wait long.
    /// For gzip, only the compressed stream is asked: a stall may be seen while the decompressor still holds data,
    /// which only hands a batch over early.
    /// </summary>
    public bool Stalled(TimeSpan patience) => _paced is not null && !_records.HasWholeRecord && !_paced.WaitForData(patience);

    /// <summary>
    /// Reads the next packet record. The packet's bytes are valid until the next call.
    /// Corrupt compressed data and read errors are reported as damage, like any other fault in the file.
    /// </summary>
    public ReadStatus Read(out RawPacket packet)
    {
        try
        {
            return _records.Read(out packet);
        }
        catch (GzipDataException e)
        {
            packet = default;
            _corruption ??= new CaptureFault(_source.Position, e.Message);
            return ReadStatus.Damaged;
        }
        catch (InvalidDataException e)
        {
            packet = default;
            _corruption ??= new CaptureFault(_source.Position, $"compressed data is corrupt: {e.Message}");
            return ReadStatus.Damaged;
        }
        catch (IOException e)
        {
            packet = default;
            _corruption ??= new CaptureFault(_source.Position, $"read error: {e.Message}");
            return ReadStatus.Damaged;
        }
    }

    public void Dispose()
    {
        _source.Dispose();
        (_records as IDisposable)?.Dispose();
    }

    /// <summary>The first 4 bytes; false when there are fewer, also when gzip data is cut short before them.</summary>
    private static bool EnsureStart(ByteSource source)
    {
        try
        {
            return source.Ensure(4);
        }
        catch (GzipDataException e) when (e.CutShort)
        {
            return false;
        }
    }

    private static bool IsPcapMagic(uint magic) =>
        magic is PcapRecordReader.MagicMicroseconds or PcapRecordReader.MagicNanoseconds or PcapRecordReader.MagicModified;
}
