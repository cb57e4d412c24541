using System.Runtime.InteropServices;

namespace PcapSurvival.Core.Reading;

/// <summary>
/// The few calls of the system's zlib (libz.so.1, in every Debian install) that <see cref="GzipDecompressor"/> needs.
/// .NET's GZipStream neither says whether the data ended inside a member nor where a member ended, and loses the
/// bytes it decompressed in a call that then fails a check; zlib's own interface gives all three.
/// </summary>
internal static unsafe partial class ZlibNative
{
    private const string Library = "libz.so.1";

    public const int Ok = 0;
    public const int StreamEnd = 1;
    public const int NoFlush = 0;

    /// <summary>windowBits for inflateInit2: 15 (the largest window) + 16 (a gzip header and trailer, not zlib's).</summary>
    public const int GzipWindowBits = 15 + 16;

    /// <summary>zlib's <c>z_stream</c>: <c>uInt</c> is 32 bits and <c>uLong</c> pointer-sized on Linux.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct ZStream
    {
        public byte* NextIn;
        public uint AvailIn;
        public nuint TotalIn;
        public byte* NextOut;
        public uint AvailOut;
        public nuint TotalOut;
        public sbyte* Message;
        public nint State;
        public nint Alloc;
        public nint Free;
        public nint Opaque;
        public int DataType;
        public nuint Adler;
        public nuint Reserved;
    }

    [LibraryImport(Library, EntryPoint = "zlibVersion")]
    public static partial sbyte* Version();

    [LibraryImport(Library, EntryPoint = "inflateInit2_")]
    public static partial int InflateInit2(ZStream* stream, int windowBits, sbyte* version, int streamSize);

    [LibraryImport(Library, EntryPoint = "inflate")]
    public static partial int Inflate(ZStream* stream, int flush);

    [LibraryImport(Library, EntryPoint = "inflateReset")]
    public static partial int InflateReset(ZStream* stream);

    [LibraryImport(Library, EntryPoint = "inflateEnd")]
    public static partial int InflateEnd(ZStream* stream);
}
