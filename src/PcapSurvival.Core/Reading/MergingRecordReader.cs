namespace PcapSurvival.Core.Reading;

/// <summary>
/// The packets of several capture files as one trace, by timestamp, as mergecap merges them: a k-way merge of
/// readers, each opened only when the merge reaches its first packet and closed at its end, so rotated pieces are
/// read one (or two) at a time and memory stays that of a few readers. Each packet keeps its own file's frame
/// number, with the piece's index in the high bits (<see cref="TraceFrame"/>). A damaged piece ends at its damage,
/// which is kept in <see cref="PieceFaults"/>; the others go on.
/// </summary>
internal sealed class MergingRecordReader : RecordReader, IDisposable
{
    private readonly IReadOnlyList<CapturePiece> _pieces;
    private readonly Func<CapturePiece, CaptureReader> _open;
    private readonly List<Head> _heads = [];
    private readonly List<(CapturePiece Piece, CaptureFault Fault)> _faults = [];
    private int _nextToOpen;
    private Head? _emitted;

    /// <param name="pieces">In merge order: by first packet time (<see cref="CaptureSet.Group"/>).</param>
    /// <param name="open">Opens a piece again for reading.</param>
    public MergingRecordReader(IReadOnlyList<CapturePiece> pieces, Func<CapturePiece, CaptureReader> open)
        : base(new ByteSource(Stream.Null))
    {
        _pieces = pieces;
        _open = open;
        TimestampDigits = pieces.Max(p => p.TimestampDigits);
    }

    /// <summary>The pieces that turned out damaged (or could not be opened again), each with where.</summary>
    public IReadOnlyList<(CapturePiece Piece, CaptureFault Fault)> PieceFaults => _faults;

    /// <summary>Pieces are files, never a pipe that can stall: a record is always there to read (or the end).</summary>
    public override bool HasWholeRecord => true;

    public override ReadStatus Read(out RawPacket packet)
    {
        // The packet handed out last lives in its head's buffer until now.
        if (_emitted is { } last)
        {
            _emitted = null;
            Advance(last);
        }

        OpenPiecesDue();
        var earliest = Earliest();
        if (earliest is null)
        {
            packet = default;
            return ReadStatus.EndOfFile;
        }

        _emitted = earliest;
        Frames++;
        packet = new RawPacket(
            TraceFrame.Encode(earliest.PieceIndex, earliest.Frame), earliest.TimestampNs, earliest.LinkType,
            earliest.OriginalLength, earliest.Data.AsSpan(0, earliest.Length), earliest.Offset);
        return ReadStatus.Packet;
    }

    public void Dispose()
    {
        foreach (var head in _heads)
        {
            head.Reader.Dispose();
        }

        _heads.Clear();
    }

    /// <summary>Opens every piece whose first packet is not later than the earliest packet waiting.</summary>
    private void OpenPiecesDue()
    {
        while (_nextToOpen < _pieces.Count)
        {
            var piece = _pieces[_nextToOpen];
            if (piece.FirstTimestampNs is null)
            {
                _nextToOpen++; // holds no packet
                continue;
            }

            if (Earliest() is { } waiting && piece.FirstTimestampNs > waiting.TimestampNs)
            {
                return;
            }

            _nextToOpen++;
            CaptureReader reader;
            try
            {
                reader = _open(piece);
            }
            catch (CaptureFormatException e)
            {
                _faults.Add((piece, new CaptureFault(e.Offset, e.Message)));
                continue;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _faults.Add((piece, new CaptureFault(0, e.Message)));
                continue;
            }

            TimestampDigits = Math.Max(TimestampDigits, reader.TimestampDigits);
            var head = new Head(reader, _nextToOpen - 1);
            _heads.Add(head);
            Advance(head);
        }
    }

    /// <summary>The open piece whose packet comes next; ties go to the piece that started first (they are kept in that order).</summary>
    private Head? Earliest()
    {
        Head? earliest = null;
        foreach (var head in _heads)
        {
            if (earliest is null || head.TimestampNs < earliest.TimestampNs)
            {
                earliest = head;
            }
        }

        return earliest;
    }

    /// <summary>Reads a piece's next packet into its head, or closes the piece at its end.</summary>
    private void Advance(Head head)
    {
        var status = head.Reader.Read(out var packet);
        if (status == ReadStatus.Packet)
        {
            head.Hold(packet);
            return;
        }

        if (status == ReadStatus.Damaged && head.Reader.Fault is { } fault)
        {
            _faults.Add((_pieces[head.PieceIndex], fault));
        }

        head.Reader.Dispose();
        _heads.Remove(head);
    }

    /// <summary>An open piece and a copy of its next packet (the reader's bytes are only valid until its next read).</summary>
    private sealed class Head(CaptureReader reader, int pieceIndex)
    {
        public CaptureReader Reader { get; } = reader;

        public int PieceIndex { get; } = pieceIndex;

        public byte[] Data { get; private set; } = new byte[2048];

        public int Length { get; private set; }

        public long Frame { get; private set; }

        public long TimestampNs { get; private set; }

        public LinkType LinkType { get; private set; }

        public int OriginalLength { get; private set; }

        public long Offset { get; private set; }

        public void Hold(in RawPacket packet)
        {
            if (packet.Data.Length > Data.Length)
            {
                Data = new byte[Math.Max(packet.Data.Length, Data.Length * 2)];
            }

            packet.Data.CopyTo(Data);
            Length = packet.Data.Length;
            Frame = packet.FrameNumber;
            TimestampNs = packet.TimestampNs;
            LinkType = packet.LinkType;
            OriginalLength = packet.OriginalLength;
            Offset = packet.FileOffset;
        }
    }
}
