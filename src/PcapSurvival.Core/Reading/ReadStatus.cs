namespace PcapSurvival.Core.Reading;

public enum ReadStatus
{
    /// <summary>A packet was read.</summary>
    Packet,

    /// <summary>The file ended cleanly.</summary>
    EndOfFile,

    /// <summary>The file is damaged at <see cref="CaptureReader.Fault"/>; nothing more can be read.</summary>
    Damaged,
}
