using System.Runtime.CompilerServices;

namespace PcapSurvival.Core.Reading;

/// <summary>
/// A frame of a trace read from several files (<see cref="CaptureSet"/>): the piece's index in the high bits, its
/// frame number in that file in the low ones. Frames of the first (or only) file are their plain number, so a
/// single file's frames are untouched; the outputs turn a trace frame back into the file and the frame in it.
/// </summary>
public static class TraceFrame
{
    /// <summary>Bits for the frame in its file: 2^40 records, far more than any file holds.</summary>
    private const int FrameBits = 40;
    private const long FrameMask = (1L << FrameBits) - 1;

    /// <summary>Pieces one trace can hold (the rest of the bits of a positive long).</summary>
    public const int MaxPieces = 1 << 22;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Encode(int piece, long frame) => ((long)piece << FrameBits) | frame;

    /// <summary>The index of the file a frame came from, in <see cref="Sinks.CaptureInfo.Files"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Piece(long frame) => (int)(frame >> FrameBits);

    /// <summary>The frame's number in its own file (tshark's frame.number when the file is read alone).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Number(long frame) => frame & FrameMask;
}
