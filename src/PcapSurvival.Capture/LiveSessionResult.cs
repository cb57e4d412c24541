using PcapSurvival.Core.Sinks;

namespace PcapSurvival.Capture;

/// <summary>
/// How a live session ended. <see cref="Statistics"/> is null when the analysis failed; <see cref="Fault"/> is what
/// made it fail, or the <see cref="IOException"/> of writing the results; the capture (and its file) went on regardless.
/// </summary>
public sealed record LiveSessionResult(FileStatistics? Statistics, Exception? Fault, string? WriteFailure, string? CaptureFailure);
