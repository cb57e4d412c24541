namespace PcapSurvival.Core.Reading;

/// <summary>Why a capture file could not be read any further, and where.</summary>
/// <param name="Offset">Byte offset of the fault in the file (in the decompressed data for gzip files).</param>
/// <param name="Message">What is wrong, in one line.</param>
public sealed record CaptureFault(long Offset, string Message);
