using PcapSurvival.Core.Reading;
using PcapSurvival.Core.Sinks;

namespace PcapSurvival.Reporting;

/// <summary>
/// The file column of each record: the input's name, or, for a trace read from several files, the file the
/// record's frame came from (<see cref="TraceFrame"/>), as each output shows it (escaped for CSV).
/// </summary>
internal sealed class TraceFiles
{
    private readonly string[] _shown;

    private TraceFiles(string[] shown) => _shown = shown;

    public static TraceFiles Empty { get; } = new([""]);

    public static TraceFiles Of(CaptureInfo capture, Func<string, string>? show = null)
    {
        IReadOnlyList<string> files = capture.Files is { Count: > 1 } pieces ? pieces : [capture.Name];
        return new TraceFiles(files.Select(show ?? (name => name)).ToArray());
    }

    /// <summary>The file <paramref name="frame"/> came from.</summary>
    public string Of(long frame) => _shown[TraceFrame.Piece(frame)];
}
