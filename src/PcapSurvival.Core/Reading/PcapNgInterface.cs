namespace PcapSurvival.Core.Reading;

/// <summary>What a pcapng interface description block says about the packets that refer to it.</summary>
internal readonly record struct PcapNgInterface(LinkType LinkType, uint SnapLength, TimestampScale Scale, long OffsetNs);
