using System.Runtime.CompilerServices;

namespace PcapSurvival.Core.Decoding;

/// <summary>Up to four SACK blocks as left/right edge pairs, stored inline so a segment needs no heap.</summary>
[InlineArray(8)]
public struct SackBlocks
{
    private uint _element;
}
