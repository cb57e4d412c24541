namespace PcapSurvival.Core.Reading;

/// <summary>The link-layer header types (LINKTYPE_* values) the decoder understands, plus any other raw value.</summary>
public enum LinkType
{
    Null = 0,
    Ethernet = 1,
    Fddi = 10,
    RawLegacy = 12,
    RawAlternative = 14,
    Raw = 101,
    Ieee80211 = 105,
    Loop = 108,
    LinuxSll = 113,
    Ieee80211Radiotap = 127,
    IPv4 = 228,
    IPv6 = 229,
    LinuxSll2 = 276,
}
