namespace PcapSurvival.Core.Sinks;

/// <summary>What sinks need to know about an input before its packets arrive.</summary>
/// <param name="Name">The file name as the user gave it ("-" for standard input), or the interface for live capture.</param>
/// <param name="TimestampDigits">Fractional digits of the capture's timestamps (6 or 9), for printing times in full.</param>
public sealed record CaptureInfo(string Name, int TimestampDigits)
{
    /// <summary>
    /// The files of a trace read from several (<see cref="Reading.CaptureSet"/>), in the order
    /// <see cref="Reading.TraceFrame.Piece"/> numbers them; null when the input is one file or a device.
    /// </summary>
    public IReadOnlyList<string>? Files { get; init; }

    /// <summary>The file a frame came from: <see cref="Name"/> unless the trace is read from several.</summary>
    public string FileOf(long frame) => Files is { Count: > 1 } files ? files[Reading.TraceFrame.Piece(frame)] : Name;
}
