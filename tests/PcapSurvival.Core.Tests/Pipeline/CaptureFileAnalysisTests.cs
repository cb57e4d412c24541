using PcapSurvival.Core.Pipeline;
using PcapSurvival.Core.Reading;
using PcapSurvival.Core.Sinks;
using PcapSurvival.Core.Tcp;
using PcapSurvival.Testing;

namespace PcapSurvival.Core.Tests.Pipeline;

public class CaptureFileAnalysisTests
{
    [Fact]
    public void ASinkThatFailsWhileTheReaderIsStillReading_FailsTheRun_AndStopsTheReader()
    {
        Assert.SkipWhen(Environment.ProcessorCount < 2, "the reading thread only runs with two or more cores");

        // 20,000 packets, 1.4 MB: the reader hands over its first batch, then waits for more of the file while the
        // analysis fails on that batch. The reader must stop before the batches it hands over are disposed
        // (otherwise it fails on its own thread, after the run, and takes the process down).
        byte[] frame = PacketFactory.Ethernet(new TcpSpec { Flags = "A" });
        var packets = Enumerable.Range(0, 20_000).Select(i => new TestPacket(Scenario.StartNs + (i * 1_000_000L), frame));
        var file = new SlowAfterFirstReadStream(PcapFileBuilder.Build(packets), TimeSpan.FromMilliseconds(300));
        using var reader = CaptureReader.FromStream(file, "slow.pcap");

        Assert.Throws<IOException>(() => CaptureFileAnalysis.Run(reader, new AnalysisOptions(), new FailingSink(), cancellation: TestContext.Current.CancellationToken));
        int readsWhenTheRunEnded = file.Reads;
        Thread.Sleep(1000);

        Assert.Equal(readsWhenTheRunEnded, file.Reads); // nothing is read after the run has ended
    }

    // One analyzer has a thread that only reads; several take turns at reading. Either way, progress, cancellation and
    // a failure while reading must reach the caller as on one thread.
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Progress_IsReportedInOrder_WhicheverThreadReads(int analyzers)
    {
        using var reader = CaptureReader.FromStream(new MemoryStream(ManyConnections.Capture(6_000)), "many.pcap");
        var fractions = new List<double>();

        var statistics = CaptureFileAnalysis.Run(
            reader, ManyConnections.Options with { AnalyzingThreads = analyzers }, new CountingSink(), new ProgressRecorder(fractions),
            TestContext.Current.CancellationToken);

        Assert.True(statistics.Packets > 4 * PacketBatch.Capacity, $"{statistics.Packets} packets"); // progress comes every 4 batches
        Assert.NotEmpty(fractions);
        Assert.Equal(fractions.Order(), fractions);
        Assert.All(fractions, fraction => Assert.InRange(fraction, 0.01, 1.0));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void ACancelledRun_StopsAfterTheBatchInHand_AndStillFinishesWhatItStarted(int analyzers)
    {
        using var reader = CaptureReader.FromStream(new MemoryStream(ManyConnections.Capture(6_000)), "many.pcap");
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var sink = new CountingSink();

        var statistics = CaptureFileAnalysis.Run(reader, ManyConnections.Options with { AnalyzingThreads = analyzers }, sink, cancellation: cancelled.Token);

        // One batch with a reading thread, four on one core (where the run checks less often).
        Assert.InRange(statistics.Packets, 1, PacketBatch.Capacity * (Environment.ProcessorCount > 1 ? 1 : 4));
        Assert.True(statistics.Connections > 0);
        Assert.Equal(statistics.Connections, sink.Finished);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void AReadThatThrows_FailsTheRun_WhicheverThreadWasReading(int analyzers)
    {
        // Read errors (IOException) are damage, reported with partial results; anything else is a failure of the run.
        var file = new ThrowingStream(ManyConnections.Capture(6_000), failingRead: 3); // the magic number, the first MB, then the failure
        using var reader = CaptureReader.FromStream(file, "many.pcap");

        var failure = Assert.Throws<UnauthorizedAccessException>(() =>
            CaptureFileAnalysis.Run(reader, ManyConnections.Options with { AnalyzingThreads = analyzers }, new CountingSink(), cancellation: TestContext.Current.CancellationToken));
        Assert.Equal("the file was taken away", failure.Message);
    }

    /// <summary>Serves its bytes, but every read after the first waits a while, as a slow disk or pipe would.</summary>
    private sealed class SlowAfterFirstReadStream(byte[] content, TimeSpan delay) : MemoryStream(content, writable: false)
    {
        private int _reads;

        public int Reads => Volatile.Read(ref _reads);

        // MemoryStream sends span reads of a derived stream here too.
        public override int Read(byte[] buffer, int offset, int count)
        {
            if (Interlocked.Increment(ref _reads) > 1)
            {
                Thread.Sleep(delay);
            }

            return base.Read(buffer, offset, count);
        }
    }

    /// <summary>Serves its bytes, until one read fails with something other than a read error.</summary>
    private sealed class ThrowingStream(byte[] content, int failingRead) : MemoryStream(content, writable: false)
    {
        private int _reads;

        public override int Read(byte[] buffer, int offset, int count) =>
            ++_reads == failingRead ? throw new UnauthorizedAccessException("the file was taken away") : base.Read(buffer, offset, count);
    }

    /// <summary>Takes progress reports as they come (<see cref="Progress{T}"/> would post them elsewhere).</summary>
    private sealed class ProgressRecorder(List<double> fractions) : IProgress<double>
    {
        public void Report(double value) => fractions.Add(value);
    }

    /// <summary>Counts finished connections; order-free, so a run may split them between threads.</summary>
    private sealed class CountingSink : IOrderFreeSink
    {
        private int _finished;

        public int Finished => _finished;

        public void FileStarted(CaptureInfo capture)
        {
        }

        public void Packet(in PacketRecord packet)
        {
        }

        public void Event(in EventRecord record)
        {
        }

        public void ConnectionFinished(Connection connection) => Interlocked.Increment(ref _finished);

        public void AssignStreams(StreamNumbering streams)
        {
        }

        public void FileCompleted(FileStatistics statistics)
        {
        }
    }

    /// <summary>Fails to write the first packet, as a sink writing to a full disk would.</summary>
    private sealed class FailingSink : IAnalysisSink
    {
        public void FileStarted(CaptureInfo capture)
        {
        }

        public void Packet(in PacketRecord packet) => throw new IOException("No space left on device");

        public void Event(in EventRecord record)
        {
        }

        public void ConnectionFinished(Connection connection)
        {
        }

        public void FileCompleted(FileStatistics statistics)
        {
        }
    }
}
