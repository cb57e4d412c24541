using PcapSurvival.Core.Decoding;
using PcapSurvival.Core.Tcp;

namespace PcapSurvival.Core.Tests.Tcp;

public class TombstoneSweepTests
{
    [Fact]
    public void AFullTombstoneTable_ForgetsItsOldestQuarter_EvenWhenAllFinishedAtTheLastPossibleTime()
    {
        // A capture whose clock is clamped to long.MaxValue finishes every connection at that time: the sweep once
        // computed "oldest kept + 1", which wrapped round, forgot nothing, and sorted the full table at every tombstone.
        var table = new ConnectionTable();
        var connection = new Connection(Key(0), 0, new TcpSegment { Flags = TcpFlags.Syn }, 0, 0);
        for (int i = 0; i < ConnectionTable.MaxTombstones + 10; i++)
        {
            connection.Start(Key(i), i, new TcpSegment { Flags = TcpFlags.Syn }, 0, 0);
            connection.ClientFlow.BaseSeqSet = true;
            table.Remember(connection, long.MaxValue, long.MaxValue - 600_000_000_000);
        }

        Assert.InRange(table.TombstoneCount, (ConnectionTable.MaxTombstones * 3 / 4) - 1, (ConnectionTable.MaxTombstones * 3 / 4) + 10);
    }

    private static FlowKey Key(int i) =>
        new(IpAddress.FromV4([10, (byte)(i >> 16), (byte)(i >> 8), (byte)i]), 40000, IpAddress.FromV4([10, 255, 0, 1]), 443);
}
