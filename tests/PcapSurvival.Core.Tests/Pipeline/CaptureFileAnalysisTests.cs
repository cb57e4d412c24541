using PcapSurvival.Core.Pipeline;
using PcapSurvival.Core.Reading;
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
