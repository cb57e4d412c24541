using System.Runtime.ExceptionServices;
using PcapSurvival.Core.Decoding;
using PcapSurvival.Core.Reading;

namespace PcapSurvival.Core.Pipeline;

/// <summary>
/// The threads of a run on several cores (<see cref="CaptureFileAnalysis"/>), which read the capture in turns: the
/// thread furthest ahead in its analysis reads and decodes the next batch of packets and hands it to every analyzer,
/// in order. Each analyzer then does its share of the connections.
/// With several analyzers, no thread only reads: with a reader besides, two analyzers on two cores made the scheduler
/// share the cores three ways, and a core stood idle a fifth of the time (tools/bench-README.md, fifth round). With
/// one analyzer (a sink that needs capture order), a second thread only reads, and the analyzer reads only when it
/// has caught up with it.
/// </summary>
internal sealed class ReadingInTurns
{
    private const int BatchesInFlight = 8;

    /// <summary>An analyzing thread takes its turn at reading only while fewer batches than this wait for it.</summary>
    private const int ReadAhead = 3;

    /// <summary>The index of a thread that only reads.</summary>
    private const int ReadingOnly = -1;

    private readonly CaptureReader _reader;
    private readonly IPacketFilter? _filter;
    private readonly TrafficAnalyzer[] _analyzers;
    private readonly IProgress<double>? _progress;
    private readonly Action? _stalled;
    private readonly CancellationToken _cancellation;

    // The state below is guarded by _gate, and every change to it is pulsed to the threads waiting on it (a few times
    // a batch of 8,192 packets: too rarely to cost anything).
    private readonly object _gate = new();
    private readonly Stack<PacketBatch> _free = new(BatchesInFlight);
    private readonly Queue<PacketBatch>[] _waiting;
    private bool _someoneReading;
    private bool _allRead;
    private int _batchesRead;
    private ExceptionDispatchInfo? _failure;

    private ReadingInTurns(
        CaptureReader reader, IPacketFilter? filter, TrafficAnalyzer[] analyzers, IProgress<double>? progress, Action? stalled, CancellationToken cancellation)
    {
        _stalled = stalled;
        _reader = reader;
        _filter = filter;
        _analyzers = analyzers;
        _progress = progress;
        _cancellation = cancellation;
        _waiting = new Queue<PacketBatch>[analyzers.Length];
        for (int i = 0; i < analyzers.Length; i++)
        {
            _waiting[i] = new Queue<PacketBatch>(BatchesInFlight);
        }

        for (int i = 0; i < BatchesInFlight; i++)
        {
            _free.Push(new PacketBatch(split: analyzers.Length > 1));
        }
    }

    /// <summary>
    /// Runs the analyzers to the end of the capture (or to cancellation): the first on this thread, the others on
    /// threads of their own, and with one analyzer, a thread that only reads. A failure on any thread stops all of
    /// them, and is thrown here once they are gone.
    /// </summary>
    /// <param name="stalled">Called by the first analyzer once it has analyzed the packets read before the input stalled.</param>
    public static ReadStatus Run(
        CaptureReader reader, IPacketFilter? filter, TrafficAnalyzer[] analyzers, IProgress<double>? progress, CancellationToken cancellation,
        Action? stalled = null)
    {
        var run = new ReadingInTurns(reader, filter, analyzers, progress, stalled, cancellation);
        var others = new List<Thread>(analyzers.Length);
        for (int i = 1; i < analyzers.Length; i++)
        {
            int index = i;
            others.Add(new Thread(() => run.Work(index)) { IsBackground = true, Name = $"pcapsurvival analysis {index}" });
        }

        if (analyzers.Length == 1)
        {
            others.Add(new Thread(() => run.Work(ReadingOnly)) { IsBackground = true, Name = "pcapsurvival reader" });
        }

        others.ForEach(thread => thread.Start());
        var end = run.Work(0);
        others.ForEach(thread => thread.Join());
        run._failure?.Throw();
        return end;
    }

    /// <summary>One thread: it reads when its turn comes and, unless it only reads, analyzes every batch in order.</summary>
    private ReadStatus Work(int index)
    {
        try
        {
            while (Next(index) is var (batch, toRead))
            {
                if (toRead)
                {
                    Read(batch);
                    continue;
                }

                Analyze(_analyzers[index], index, _analyzers.Length, batch);
                if (index == 0 && batch.Stalled)
                {
                    _stalled?.Invoke();
                }

                var end = batch.End; // read before letting go of the batch: once every analyzer has, it is refilled
                lock (_gate)
                {
                    if (--batch.Pending == 0 && end is null)
                    {
                        _free.Push(batch);
                        Monitor.PulseAll(_gate);
                    }
                }

                if (end is { } status)
                {
                    return status;
                }
            }
        }
        catch (Exception e)
        {
            lock (_gate)
            {
                _failure ??= ExceptionDispatchInfo.Capture(e);
                Monitor.PulseAll(_gate);
            }
        }

        return ReadStatus.EndOfFile; // only the thread that only reads ends here without a failure
    }

    /// <summary>
    /// What a thread does next: read into a free batch, if it is furthest ahead and little waits for it; else
    /// analyze the oldest batch it has not; else wait for either. Nothing, once all is read (for the thread that only
    /// reads) or another thread failed.
    /// </summary>
    private (PacketBatch Batch, bool ToRead)? Next(int index)
    {
        var mine = index == ReadingOnly ? null : _waiting[index];
        lock (_gate)
        {
            while (_failure is null && !(mine is null && _allRead))
            {
                if (!_someoneReading && !_allRead && _free.Count > 0 && (mine is null || (mine.Count < ReadAhead && IsFurthestAhead(mine.Count))))
                {
                    _someoneReading = true;
                    return (_free.Pop(), true);
                }

                if (mine is { Count: > 0 })
                {
                    return (mine.Dequeue(), false);
                }

                Monitor.Wait(_gate);
            }

            return null;
        }
    }

    private bool IsFurthestAhead(int waitingForMe)
    {
        foreach (var queue in _waiting)
        {
            if (queue.Count < waitingForMe)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Fills a batch from the capture, outside the gate, then hands it to every analyzer.</summary>
    private void Read(PacketBatch batch)
    {
        bool last = batch.Fill(_reader, _filter, _analyzers.Length, _cancellation);
        lock (_gate)
        {
            batch.Pending = _analyzers.Length;
            foreach (var queue in _waiting)
            {
                queue.Enqueue(batch);
            }

            _allRead = last;
            _someoneReading = false;
            Monitor.PulseAll(_gate);
            if (++_batchesRead % 4 == 0)
            {
                CaptureFileAnalysis.ReportProgress(_reader, _progress); // under the gate: one thread at a time, never after the run
            }
        }
    }

    /// <summary>Analyzes a batch: the packets of this analyzer's connections; the others only move its clock.</summary>
    private static void Analyze(TrafficAnalyzer analyzer, int index, int analyzers, PacketBatch batch)
    {
        var packets = batch.Packets;
        int count = batch.Count;
        if (analyzers == 1)
        {
            for (int i = 0; i < count; i++)
            {
                analyzer.Process(ref packets[i]);
            }

            return;
        }

        if (count == 0)
        {
            return;
        }

        var owners = batch.Analyzers;
        var times = batch.TimesNs;
        analyzer.MoveClock(ref packets[0]); // the file's first time, on the first batch
        for (int i = 0; i < count; i++)
        {
            if (owners[i] == index)
            {
                analyzer.Process(ref packets[i]);
            }
            else if (analyzer.HasIdleConnections(times[i]))
            {
                analyzer.PassBy(ref packets[i]);
            }
        }

        analyzer.MoveClock(ref packets[count - 1]); // where the clock stands if the file ends here
    }
}
