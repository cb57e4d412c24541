using System.CommandLine;
using PcapSurvival.Cli.Input;
using PcapSurvival.Core.Reading;

namespace PcapSurvival.Cli.Commands;

/// <summary>
/// <c>analyze</c>'s files as traces: the pieces of one capture (rotated files, interfaces captured at once) are read
/// as one trace, merged by time (<see cref="CaptureSet"/>); <c>--separate</c> keeps every file apart and
/// <c>--merge</c> makes all of them one trace.
/// </summary>
internal sealed class CaptureTraces
{
    public Option<bool> Separate { get; } = new("--separate")
    {
        Description = "Analyze every file on its own, even the pieces of one rotated capture",
    };

    public Option<bool> Merge { get; } = new("--merge")
    {
        Description = "Analyze all the files as one trace merged by time, as mergecap does (e.g. captures of several interfaces)",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Separate);
        command.Options.Add(Merge);
    }

    /// <summary>
    /// The files grouped into traces, in the order given. A file that cannot be surveyed (missing, not a capture,
    /// standard input) stays alone, for the analysis to report.
    /// </summary>
    public List<List<CapturePiece>> Group(ParseResult result, string[] files, CancellationToken cancellation)
    {
        bool separate = result.GetValue(Separate);
        var pieces = new List<CapturePiece>(files.Length);
        for (int i = 0; i < files.Length; i++)
        {
            pieces.Add(separate || files.Length == 1 ? Unsurveyed(i, files[i]) : Survey(i, files[i], cancellation));
        }

        return CaptureSet.Group(pieces, merge: result.GetValue(Merge), separate: separate);
    }

    /// <summary>The reader of a trace of several pieces.</summary>
    public static CaptureReader OpenTrace(IReadOnlyList<CapturePiece> pieces, CancellationToken cancellation) =>
        CaptureReader.FromPieces(
            TraceName(pieces), pieces, piece => CaptureReader.FromStream(CaptureInput.Open(piece.Path, cancellation), piece.Name));

    /// <summary>How a trace is named in the report: its first and last piece, and how many.</summary>
    public static string TraceName(IReadOnlyList<CapturePiece> pieces) =>
        $"{pieces[0].Name} … {pieces[^1].Name} ({pieces.Count} files, one trace)";

    private static CapturePiece Survey(int index, string file, CancellationToken cancellation)
    {
        if (file == "-" || Directory.Exists(file))
        {
            return Unsurveyed(index, file);
        }

        try
        {
            using var reader = CaptureReader.FromStream(CaptureInput.Open(file, cancellation), CaptureInput.DisplayName(file));
            return CaptureSet.Survey(index, file, reader);
        }
        catch (Exception e) when (e is CaptureFormatException or IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            return Unsurveyed(index, file);
        }
    }

    private static CapturePiece Unsurveyed(int index, string file) =>
        new(index, file, CaptureInput.DisplayName(file), null, null, 6) { Alone = true };
}
