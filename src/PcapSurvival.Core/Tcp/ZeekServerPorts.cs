namespace PcapSurvival.Core.Tcp;

/// <summary>
/// Zeek's likely_server_ports: when a connection is picked up without its SYN, the side on one of these ports is
/// taken for the responder. Zeek fills the set from the ports its loaded protocol analyzers register; this is the
/// TCP part of a default Zeek's set (base scripts loaded), as a table indexed by port.
/// </summary>
internal static class ZeekServerPorts
{
    private static readonly ushort[] DefaultPorts =
    [
        21, 22, 25, 53, 80, 81, 88, 110, 111, 135, 137, 139, 143, 389, 443, 445, 502, 563, 585, 587, 614, 636, 989,
        990, 992, 993, 994, 995, 1080, 1194, 1812, 1813, 2049, 2811, 3128, 3306, 3389, 5060, 5061, 5222, 5223, 5269,
        5355, 5432, 6379, 6666, 6667, 6668, 6669, 8000, 8080, 8888, 1883, 20000, 47808,
    ];

    /// <summary>A default Zeek's set.</summary>
    public static bool[] Default { get; } = Table(DefaultPorts);

    /// <summary>No likely server ports: Zeek in bare mode (-b) with no protocol analyzer loaded.</summary>
    public static bool[] None { get; } = new bool[65536];

    public static bool[] Table(IEnumerable<ushort> ports)
    {
        var table = new bool[65536];
        foreach (ushort port in ports)
        {
            table[port] = true;
        }

        return table;
    }
}
