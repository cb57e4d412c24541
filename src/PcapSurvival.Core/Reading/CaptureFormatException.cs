namespace PcapSurvival.Core.Reading;

/// <summary>
/// Thrown only while opening a file whose header is unusable (not a capture, unsupported version).
/// Damage after the header is reported through <see cref="ReadStatus.Damaged"/> instead, so that
/// everything before it can still be analyzed.
/// </summary>
public sealed class CaptureFormatException : Exception
{
    public CaptureFormatException() { }

    public CaptureFormatException(string message) : base(message) { }

    public CaptureFormatException(string message, Exception inner) : base(message, inner) { }

    public CaptureFormatException(long offset, string message) : base(message) => Offset = offset;

    public long Offset { get; }
}
