using System.Diagnostics;

namespace PcapSurvival.Testing;

/// <summary>tshark as the independent oracle: the per-frame analysis flags Wireshark gives a capture.</summary>
public static class TsharkOracle
{
    private static readonly string[] Names =
    [
        "retransmission", "fast_retransmission", "spurious_retransmission", "out_of_order", "lost_segment",
        "ack_lost_segment", "duplicate_ack", "zero_window", "zero_window_probe", "zero_window_probe_ack",
        "keep_alive", "keep_alive_ack", "window_update", "window_full", "reused_ports",
    ];

    private static readonly Lazy<bool> Available = new(() => Tools.Exists("tshark"));

    public static bool IsAvailable => Available.Value;

    public const string SkipReason = "tshark is not installed (apt-get install tshark); it is the oracle for the analysis flags";

    /// <summary>Frame number to ';'-joined flag names, in our output order, for every flagged frame.</summary>
    public static IDictionary<long, string> Flags(byte[] capture)
    {
        string path = Path.Combine(Path.GetTempPath(), $"oracle-{Guid.NewGuid():N}.pcap");
        File.WriteAllBytes(path, capture);
        try
        {
            var arguments = new List<string> { "-n", "-r", path, "-T", "fields", "-E", "separator=,", "-E", "occurrence=f", "-e", "frame.number" };
            foreach (string name in Names)
            {
                arguments.AddRange(["-e", $"tcp.analysis.{name}"]);
            }

            string output = Tools.Run("tshark", arguments);
            var result = new Dictionary<long, string>();
            foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                string[] values = line.Split(',');
                if (values.Length != Names.Length + 1 || !long.TryParse(values[0], out long frame))
                {
                    continue;
                }

                var present = Names.Where((_, i) => values[i + 1] is not ("" or "0")).ToList();
                if (present.Contains("fast_retransmission") || present.Contains("spurious_retransmission"))
                {
                    present.Remove("retransmission"); // tshark raises the generic item for all three kinds
                }

                if (present.Count > 0)
                {
                    result[frame] = string.Join(';', present);
                }
            }

            return result;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
