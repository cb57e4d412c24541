namespace PcapSurvival.Testing;

/// <summary>A packet to put in a test capture; <paramref name="OriginalLength"/> -1 means "as captured".</summary>
public sealed record TestPacket(long TimestampNs, byte[] Data, int OriginalLength = -1, int Interface = 0)
{
    public int WireLength => OriginalLength < 0 ? Data.Length : OriginalLength;
}
