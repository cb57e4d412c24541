using System.Net;

namespace PcapSurvival.Testing;

/// <summary>One TCP packet to build: addresses, ports, absolute numbers, flags and options.</summary>
public sealed record TcpSpec
{
    public IPAddress Source { get; init; } = IPAddress.Parse("10.0.0.1");
    public IPAddress Destination { get; init; } = IPAddress.Parse("10.0.0.2");
    public ushort SourcePort { get; init; } = 40000;
    public ushort DestinationPort { get; init; } = 22;
    public uint Sequence { get; init; }
    public uint Acknowledgment { get; init; }

    /// <summary>Flag letters: S F R P A U E C (SYN FIN RST PSH ACK URG ECE CWR).</summary>
    public string Flags { get; init; } = "A";
    public ushort Window { get; init; } = 1000;
    public int PayloadLength { get; init; }
    public ushort? Mss { get; init; }
    public byte? WindowScale { get; init; }
    public bool SackPermitted { get; init; }
    public IReadOnlyList<(uint Left, uint Right)> SackBlocks { get; init; } = [];
    public ushort IpId { get; init; } = 1;
}
