namespace PcapSurvival.Core.Sinks;

/// <summary>What sinks need to know about an input before its packets arrive.</summary>
/// <param name="Name">The file name as the user gave it ("-" for standard input), or the interface for live capture.</param>
/// <param name="TimestampDigits">Fractional digits of the capture's timestamps (6 or 9), for printing times in full.</param>
public sealed record CaptureInfo(string Name, int TimestampDigits);
