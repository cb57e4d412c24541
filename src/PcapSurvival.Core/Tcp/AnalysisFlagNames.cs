namespace PcapSurvival.Core.Tcp;

/// <summary>Wireshark's analysis names without the tcp.analysis. prefix, in the order the output contract lists them.</summary>
public static class AnalysisFlagNames
{
    /// <summary>Every flag with its name, in output order.</summary>
    public static IReadOnlyList<(AnalysisFlags Flag, string Name)> All => Entries;

    /// <summary>The same as an array, for allocation-free loops on hot paths.</summary>
    internal static readonly (AnalysisFlags Flag, string Name)[] Entries =
    [
        (AnalysisFlags.Retransmission, "retransmission"),
        (AnalysisFlags.FastRetransmission, "fast_retransmission"),
        (AnalysisFlags.SpuriousRetransmission, "spurious_retransmission"),
        (AnalysisFlags.OutOfOrder, "out_of_order"),
        (AnalysisFlags.LostSegment, "lost_segment"),
        (AnalysisFlags.AckLostSegment, "ack_lost_segment"),
        (AnalysisFlags.DuplicateAck, "duplicate_ack"),
        (AnalysisFlags.ZeroWindow, "zero_window"),
        (AnalysisFlags.ZeroWindowProbe, "zero_window_probe"),
        (AnalysisFlags.ZeroWindowProbeAck, "zero_window_probe_ack"),
        (AnalysisFlags.KeepAlive, "keep_alive"),
        (AnalysisFlags.KeepAliveAck, "keep_alive_ack"),
        (AnalysisFlags.WindowUpdate, "window_update"),
        (AnalysisFlags.WindowFull, "window_full"),
        (AnalysisFlags.ReusedPorts, "reused_ports"),
        (AnalysisFlags.CaptureDuplicate, "capture_duplicate"),
    ];

    public static string Name(AnalysisFlags flag)
    {
        foreach (var (f, name) in All)
        {
            if (f == flag)
            {
                return name;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(flag), flag, "not a single analysis flag");
    }

    public static bool TryParse(string name, out AnalysisFlags flag)
    {
        foreach (var (f, n) in All)
        {
            if (n == name)
            {
                flag = f;
                return true;
            }
        }

        flag = AnalysisFlags.None;
        return false;
    }

    /// <summary>Writes the set flags as a ';'-separated list, without allocating.</summary>
    public static int Format(AnalysisFlags flags, Span<char> destination)
    {
        int written = 0;
        for (int i = 0; i < Entries.Length; i++)
        {
            var (f, name) = Entries[i];
            if ((flags & f) == 0)
            {
                continue;
            }

            if (written > 0)
            {
                destination[written++] = ';';
            }

            name.AsSpan().CopyTo(destination[written..]);
            written += name.Length;
        }

        return written;
    }

    /// <summary>Longest possible formatted list, for sizing buffers.</summary>
    public const int MaxFormattedLength = 320;
}
