using System.Text.RegularExpressions;

namespace PcapSurvival.Core.Reading;

/// <summary>
/// Which of the files given are pieces of one capture, to be analyzed as one trace: the files of a rotation
/// (tcpdump -C/-G/-W, dumpcap's ring buffer) or of several interfaces captured at once, whose names differ only in
/// digits (restart.pcap, restart.pcap1 ...; eth0.pcap, eth1.pcap; x_00001_20261202160810.pcapng) and whose packets
/// have one link type. Each trace's pieces are ordered by their first packet's time, never by name.
/// </summary>
public static partial class CaptureSet
{
    /// <summary>Reads the first packet of an opened capture: its time and link type. The reader is left spent.</summary>
    public static CapturePiece Survey(int index, string path, CaptureReader reader)
    {
        var status = reader.Read(out var packet);
        return status == ReadStatus.Packet
            ? new CapturePiece(index, path, reader.Name, packet.TimestampNs, packet.LinkType, reader.TimestampDigits)
            : new CapturePiece(index, path, reader.Name, null, null, reader.TimestampDigits);
    }

    /// <summary>
    /// The traces the files make, in the order of their first file on the command line; each trace's pieces by first
    /// packet time (empty pieces first: they hold nothing to order). <paramref name="merge"/>: all files are one
    /// trace (several interfaces, mergecap); <paramref name="separate"/>: each file is its own.
    /// </summary>
    public static List<List<CapturePiece>> Group(IReadOnlyList<CapturePiece> pieces, bool merge, bool separate)
    {
        var traces = new List<List<CapturePiece>>();
        var byKey = new Dictionary<string, List<CapturePiece>>(StringComparer.Ordinal);
        foreach (var piece in pieces)
        {
            string? key = separate || piece.Alone ? null : merge ? "" : NameKey(piece.Path);
            if (key is not null && byKey.TryGetValue(key, out var trace) && (merge || SameLinkType(trace, piece)))
            {
                trace.Add(piece);
                continue;
            }

            trace = [piece];
            traces.Add(trace);
            if (key is not null && !byKey.ContainsKey(key))
            {
                byKey[key] = trace;
            }
        }

        foreach (var trace in traces)
        {
            // A stable sort: pieces that start at the same time keep the order given.
            var ordered = trace.OrderBy(p => p.FirstTimestampNs ?? long.MinValue).ToList();
            trace.Clear();
            trace.AddRange(ordered);
        }

        return traces;
    }

    /// <summary>The path without its digits: the name a rotation's files share (tcpdump -C leaves the first file unnumbered).</summary>
    internal static string NameKey(string path) => Digits().Replace(path, "");

    private static bool SameLinkType(List<CapturePiece> trace, CapturePiece piece) =>
        piece.LinkType is null || trace.All(p => p.LinkType is null || p.LinkType == piece.LinkType);

    [GeneratedRegex("[0-9]+")]
    private static partial Regex Digits();
}
