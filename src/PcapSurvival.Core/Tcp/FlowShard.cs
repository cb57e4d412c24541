using System.Runtime.CompilerServices;
using PcapSurvival.Core.Decoding;

namespace PcapSurvival.Core.Tcp;

/// <summary>
/// Which of <see cref="Count"/> fixed shares of the key space a connection belongs to: a fixed (unkeyed) function, so
/// that it is the same in every run. A split run gives each analyzing thread whole shards, and the connection cap is
/// divided between shards, so that what is analyzed, and what is evicted, does not depend on the thread count or on
/// the table's random key (<see cref="KeyedFlowHash"/>). Someone who chooses keys can put them all in one shard:
/// that costs parallelism and fills that shard's share of the cap sooner, nothing worse.
/// </summary>
internal static class FlowShard
{
    /// <summary>Shards: as many as analyzing threads can be (a thread takes whole shards).</summary>
    public const int Count = 64;

    /// <summary>The shard of the key with these endpoints, in the key's order (low endpoint first).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Of(in IpAddress low, in IpAddress high, ushort lowPort, ushort highPort)
    {
        // SplitMix64's constants and shifts, between the fields: xor-shifts make it other than the table's old
        // multiply-xor, so that keys chosen to collide under that one still spread.
        const ulong C1 = 0xBF58_476D_1CE4_E5B9;
        const ulong C2 = 0x94D0_49BB_1331_11EB;
        ulong h = (low.Low * C1) + high.Low;
        h = ((h ^ (h >> 29)) * C2) + low.High;
        h = ((h ^ (h >> 32)) * C1) + (high.High ^ ((ulong)lowPort << 16 | highPort));
        h = (h ^ (h >> 29)) * C2;
        return (int)(h >> 58); // the top six bits, the best mixed
    }
}
