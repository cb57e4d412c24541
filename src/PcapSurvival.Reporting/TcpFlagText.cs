using PcapSurvival.Core.Decoding;

namespace PcapSurvival.Reporting;

/// <summary>TCP flags as upper-case names joined by '|', in the contract's order SYN|FIN|RST|PSH|ACK|URG|ECE|CWR.</summary>
public static class TcpFlagText
{
    private static readonly (TcpFlags Flag, string Name)[] Order =
    [
        (TcpFlags.Syn, "SYN"), (TcpFlags.Fin, "FIN"), (TcpFlags.Rst, "RST"), (TcpFlags.Psh, "PSH"),
        (TcpFlags.Ack, "ACK"), (TcpFlags.Urg, "URG"), (TcpFlags.Ece, "ECE"), (TcpFlags.Cwr, "CWR"),
    ];

    // All 256 combinations of the eight flags, built once, so each packet just picks its string.
    private static readonly string[] Texts = BuildAll();

    public static string Of(TcpFlags flags) => Texts[(int)flags & 0xFF];

    private static string[] BuildAll()
    {
        var texts = new string[256];
        for (int bits = 0; bits < 256; bits++)
        {
            texts[bits] = string.Join('|', Order.Where(o => (bits & (int)o.Flag) != 0).Select(o => o.Name));
        }

        return texts;
    }
}
