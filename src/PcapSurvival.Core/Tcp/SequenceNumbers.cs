namespace PcapSurvival.Core.Tcp;

/// <summary>TCP sequence-number comparisons that survive the wrap at 2^32 (RFC 1982 serial arithmetic).</summary>
internal static class SequenceNumbers
{
    public static bool GreaterThan(uint x, uint y) => (int)(y - x) < 0;

    public static bool LessThan(uint x, uint y) => (int)(x - y) < 0;

    public static bool GreaterOrEqual(uint x, uint y) => (int)(y - x) <= 0;

    public static bool LessOrEqual(uint x, uint y) => (int)(x - y) <= 0;
}
