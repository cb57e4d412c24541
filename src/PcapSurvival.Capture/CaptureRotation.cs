namespace PcapSurvival.Capture;

/// <summary>
/// tcpdump's rotation of the -w file: <c>-C</c> starts a new file once the current one holds more than
/// <see cref="FileSizeBytes"/> (millions of bytes, as tcpdump counts), <c>-G</c> every <see cref="Seconds"/> (the name
/// then goes through strftime), and <c>-W</c> keeps at most <see cref="FileCount"/> files: with -C a ring
/// (FILE0 ... FILE{N-1}, overwritten in turn), with -G alone the newest N (the oldest deleted).
/// </summary>
public sealed record CaptureRotation(long? FileSizeBytes, int? Seconds, int? FileCount)
{
    public bool Rotates => FileSizeBytes is not null || Seconds is not null;
}
