namespace PcapSurvival.Capture.Tests;

public class PacketQueueTests
{
    [Fact]
    public void TryEnqueue_ThenPeek_ReturnsTheSamePacket()
    {
        using var queue = new PacketQueue(1024, 4);
        byte[] data = [1, 2, 3, 4, 5];

        Assert.True(queue.TryEnqueue(7, 1_700_000_000_123_456_789, 1500, data));

        Assert.True(queue.TryPeek(out var packet));
        Assert.Equal(7, packet.Frame);
        Assert.Equal(1_700_000_000_123_456_789, packet.TimestampNs);
        Assert.Equal(1500, packet.OriginalLength);
        Assert.Equal(data, packet.Data.ToArray());
        queue.Release();
        Assert.False(queue.TryPeek(out _));
    }

    [Fact]
    public void TryEnqueue_WhenAllSlotsAreTaken_DropsAndCounts()
    {
        using var queue = new PacketQueue(1 << 20, 4);
        for (int i = 1; i <= 4; i++)
        {
            Assert.True(queue.TryEnqueue(i, i, 10, new byte[10]));
        }

        Assert.False(queue.TryEnqueue(5, 5, 10, new byte[10]));
        Assert.False(queue.TryEnqueue(6, 6, 10, new byte[10]));

        Assert.Equal(2, queue.Dropped);
        Assert.Equal(4, queue.Count);
    }

    [Fact]
    public void TryEnqueue_WhenTheBytesAreTaken_DropsUntilSpaceIsReleased()
    {
        using var queue = new PacketQueue(100, 64);
        Assert.True(queue.TryEnqueue(1, 0, 60, new byte[60]));
        Assert.False(queue.TryEnqueue(2, 0, 60, new byte[60]));

        Assert.True(queue.TryPeek(out _));
        queue.Release();

        Assert.True(queue.TryEnqueue(3, 0, 60, new byte[60]));
        Assert.Equal(1, queue.Dropped);
    }

    [Fact]
    public void TryEnqueue_APacketThatWouldCrossTheEnd_StartsAgainAtTheBeginningIntact()
    {
        using var queue = new PacketQueue(100, 64);
        Assert.True(queue.TryEnqueue(1, 0, 70, Pattern(70, 1)));
        Assert.True(queue.TryPeek(out _));
        queue.Release();

        // 30 bytes are left at the end: a 50-byte packet skips them and starts at offset 0.
        Assert.True(queue.TryEnqueue(2, 0, 50, Pattern(50, 2)));
        Assert.True(queue.TryPeek(out var packet));
        Assert.Equal(Pattern(50, 2), packet.Data.ToArray());
    }

    [Fact]
    public void Wait_WhenCompletedAndEmpty_ReturnsFalseAtOnce()
    {
        using var queue = new PacketQueue(100, 4);
        queue.Complete();

        var timeout = TimeSpan.FromSeconds(30);
        var started = DateTime.UtcNow;
        Assert.False(queue.Wait(timeout));
        Assert.True(DateTime.UtcNow - started < timeout, "it waited for the timeout"); // returning sooner shows it did not wait
        Assert.True(queue.IsCompleted);
    }

    [Fact]
    public void ProducerAndConsumer_OnTwoThreads_LoseNothingTheyDoNotCount()
    {
        const int Packets = 300_000;
        using var queue = new PacketQueue(64 * 1024, 256);
        long consumed = 0;
        long lastFrame = 0;
        string? error = null;
        var consumer = new Thread(() =>
        {
            while (!queue.IsCompleted)
            {
                while (queue.TryPeek(out var packet))
                {
                    int length = (int)(packet.Frame % 1500);
                    if (packet.Frame <= lastFrame || packet.Data.Length != length || packet.OriginalLength != length
                        || (length > 0 && (packet.Data[0] != (byte)packet.Frame || packet.Data[^1] != (byte)packet.Frame)))
                    {
                        error ??= $"frame {packet.Frame} after {lastFrame}, {packet.Data.Length} bytes";
                    }

                    lastFrame = packet.Frame;
                    queue.Release();
                    consumed++;
                }

                queue.Wait(TimeSpan.FromMilliseconds(50));
            }
        });
        consumer.Start();

        var buffer = new byte[1500];
        for (long frame = 1; frame <= Packets; frame++)
        {
            int length = (int)(frame % 1500);
            buffer.AsSpan(0, length).Fill((byte)frame);
            queue.TryEnqueue(frame, frame, length, buffer.AsSpan(0, length));
        }

        queue.Complete();
        Assert.True(consumer.Join(TimeSpan.FromSeconds(60)));

        Assert.Null(error);
        Assert.Equal(Packets, consumed + queue.Dropped);
        Assert.True(consumed > 0);
    }

    private static byte[] Pattern(int length, byte seed) => Enumerable.Range(0, length).Select(i => (byte)(seed + i)).ToArray();
}
