namespace PcapSurvival.Core.Reading;

/// <summary>
/// What a first look at one capture file tells about it (<see cref="CaptureSet.Survey"/>): enough to see which files
/// are pieces of one capture and in which order, without reading them.
/// </summary>
/// <param name="Index">Its position among the files given.</param>
/// <param name="Path">The path to open it again.</param>
/// <param name="Name">The name shown in messages and the file column.</param>
/// <param name="FirstTimestampNs">Its first packet's time; null when it holds no packet.</param>
/// <param name="LinkType">Its first packet's link type; null when it holds no packet.</param>
/// <param name="TimestampDigits">Fractional digits of its timestamps.</param>
public sealed record CapturePiece(int Index, string Path, string Name, long? FirstTimestampNs, LinkType? LinkType, int TimestampDigits)
{
    /// <summary>Kept out of every trace: standard input, or a file that could not be surveyed (its analysis says why).</summary>
    public bool Alone { get; init; }
}
