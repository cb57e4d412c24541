namespace PcapSurvival.Capture;

/// <summary>
/// libpcap's own counters for a live capture (native <c>pcap_stats</c>, not SharpPcap's misdeclared copy).
/// On Linux <see cref="Received"/> counts packets delivered plus those dropped, <see cref="Dropped"/> the packets
/// lost because the kernel ring was full, <see cref="InterfaceDropped"/> what the driver reports as missed.
/// </summary>
public readonly record struct KernelStatistics(long Received, long Dropped, long InterfaceDropped);
