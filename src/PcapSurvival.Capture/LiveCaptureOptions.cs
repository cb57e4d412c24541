namespace PcapSurvival.Capture;

public sealed record LiveCaptureOptions
{
    public const int DefaultSnaplen = 262144;

    /// <summary>Kernel ring size: libpcap's 2 MiB default overflows within milliseconds at a few hundred Mbit/s.</summary>
    public const int DefaultBufferMegabytes = 32;

    /// <summary>An interface name, or its 1-based number in <see cref="CaptureInterfaces.List"/> (as tshark -i 2).</summary>
    public required string Interface { get; init; }

    /// <summary>BPF expression applied in the kernel, so neither the file nor the analysis sees what it rejects.</summary>
    public string? Filter { get; init; }

    public int Snaplen { get; init; } = DefaultSnaplen;

    public int BufferBytes { get; init; } = DefaultBufferMegabytes << 20;

    public bool Promiscuous { get; init; } = true;

    /// <summary>Stop after this many packets (tcpdump -c): the file and the analysis get exactly this many.</summary>
    public long? PacketLimit { get; init; }

    /// <summary>Bytes the analysis queue holds before it drops.</summary>
    public int QueueBytes { get; init; } = 64 << 20;

    public int QueuePackets { get; init; } = 1 << 17;
}
