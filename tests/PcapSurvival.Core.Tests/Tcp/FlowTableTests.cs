using PcapSurvival.Core.Decoding;
using PcapSurvival.Core.Tcp;

namespace PcapSurvival.Core.Tests.Tcp;

public class FlowTableTests
{
    [Fact]
    public void FindsWhatWasSetAndNotYetRemoved_ThroughGrowthAndRemovalsInLongProbeRuns()
    {
        var random = new Random(11);
        var table = new FlowTable();
        var model = new Dictionary<FlowKey, Connection>();

        // Few distinct addresses and ports, so that keys share hash slots and probe runs wrap around the table.
        var keys = Enumerable.Range(0, 6000).Select(_ => Key(random)).Distinct().ToArray();
        for (int step = 0; step < 40_000; step++)
        {
            var key = keys[random.Next(keys.Length)];
            if (random.Next(3) == 0)
            {
                Assert.Equal(model.Remove(key), table.Remove(key));
            }
            else
            {
                var connection = NewConnection(key);
                var replaced = table.Set(connection);
                Assert.Same(model.GetValueOrDefault(key), replaced);
                model[key] = connection;
            }

            if (step % 1000 == 0)
            {
                Assert.Equal(model.Count, table.Count);
                foreach (var k in keys)
                {
                    Assert.Same(model.GetValueOrDefault(k), table.Find(k));
                }
            }
        }

        Assert.Equal(model.Values.OrderBy(c => c.Stream), table.ToList().OrderBy(c => c.Stream));
        table.Clear();
        Assert.Equal(0, table.Count);
        Assert.Null(table.Find(keys[0]));
    }

    private static long _streams;

    private static FlowKey Key(Random random) => new(
        IpAddress.Parse($"10.0.0.{random.Next(1, 4)}"), (ushort)random.Next(40000, 42000),
        IpAddress.Parse($"10.0.1.{random.Next(1, 3)}"), (ushort)random.Next(80, 83));

    private static Connection NewConnection(FlowKey key)
    {
        var segment = new TcpSegment { Flags = TcpFlags.Syn };
        return new Connection(key, Interlocked.Increment(ref _streams), segment, 0, 0);
    }
}
