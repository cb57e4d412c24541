namespace PcapSurvival.Core.Reading;

public enum CaptureFormat
{
    Pcap,
    PcapNg,
}
