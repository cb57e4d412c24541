namespace PcapSurvival.Core.Reading;

/// <summary>
/// Gzip data that cannot be decompressed any further: cut short, corrupt, or followed by bytes that are not gzip.
/// The message is one line, ready for the user; the reader adds the offset in the decompressed data.
/// </summary>
internal sealed class GzipDataException : Exception
{
    public GzipDataException() { }

    public GzipDataException(string message) : base(message) { }

    public GzipDataException(string message, Exception inner) : base(message, inner) { }

    /// <summary>True when the data simply stopped inside a gzip member (the file or the pipe was cut short).</summary>
    public bool CutShort { get; init; }
}
