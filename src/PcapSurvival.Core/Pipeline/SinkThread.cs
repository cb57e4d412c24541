using System.Runtime.ExceptionServices;
using PcapSurvival.Core.Sinks;
using PcapSurvival.Core.Tcp;

namespace PcapSurvival.Core.Pipeline;

/// <summary>
/// Hands a sink's calls to a thread of its own, in order, in reused batches: the writing (CSV, JSON), which costs
/// several times the analysis, then goes on beside it. The records refer to connections, which must therefore not be
/// recycled (<see cref="CaptureFileAnalysis"/> sees to that): a connection's identity never changes, and a finished
/// connection no longer does. A failure of the sink stops the analysis at its next batch and is thrown from
/// <see cref="Complete"/>, or from the call that hands over the batch.
/// </summary>
internal sealed class SinkThread : IAnalysisSink
{
    private const int BatchesInFlight = 4;

    private readonly IAnalysisSink _target;
    private readonly Thread _thread;
    private readonly object _gate = new();
    private readonly Queue<CallBatch> _full = new(BatchesInFlight);
    private readonly Stack<CallBatch> _free = new(BatchesInFlight);
    private CallBatch _filling = new();
    private bool _allHanded;
    private ExceptionDispatchInfo? _failure;

    public SinkThread(IAnalysisSink target)
    {
        _target = target;
        for (int i = 1; i < BatchesInFlight; i++)
        {
            _free.Push(new CallBatch());
        }

        _thread = new Thread(Deliver) { IsBackground = true, Name = "pcapsurvival output" };
        _thread.Start();
    }

    private enum Call : byte
    {
        FileStarted,
        Packet,
        Event,
        ConnectionFinished,
        FileCompleted,
    }

    public SinkNeeds Needs => _target.Needs;

    public void FileStarted(CaptureInfo capture) => Add(Call.FileStarted, capture);

    public void Packet(in PacketRecord packet)
    {
        var batch = _filling;
        batch.Packets[batch.PacketCount++] = packet;
        batch.Calls[batch.Count++] = Call.Packet;
        HandIfFull(batch);
    }

    public void Event(in EventRecord record)
    {
        var batch = _filling;
        batch.Events[batch.EventCount++] = record;
        batch.Calls[batch.Count++] = Call.Event;
        HandIfFull(batch);
    }

    public void ConnectionFinished(Connection connection) => Add(Call.ConnectionFinished, connection);

    public void FileCompleted(FileStatistics statistics) => Add(Call.FileCompleted, statistics);

    /// <summary>
    /// Hands over the calls so far though their batch is not full: the input stalled, and what was read is written
    /// while it waits, not when it resumes or a stop request comes.
    /// </summary>
    public void HandOver()
    {
        if (_filling.Count > 0)
        {
            Hand(_filling);
        }
    }

    /// <summary>Hands over what is left, waits until the sink has had every call, and throws its failure if it had one.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            if (_filling.Count > 0 && _failure is null)
            {
                _full.Enqueue(_filling);
            }

            _allHanded = true;
            Monitor.PulseAll(_gate);
        }

        _thread.Join();
        _failure?.Throw();
    }

    private void Add(Call call, object value)
    {
        var batch = _filling;
        batch.Objects[batch.ObjectCount++] = value;
        batch.Calls[batch.Count++] = call;
        HandIfFull(batch);
    }

    private void HandIfFull(CallBatch batch)
    {
        if (batch.IsFull)
        {
            Hand(batch);
        }
    }

    private void Hand(CallBatch batch)
    {
        lock (_gate)
        {
            _full.Enqueue(batch);
            Monitor.PulseAll(_gate);
            while (_free.Count == 0 && _failure is null)
            {
                Monitor.Wait(_gate);
            }

            _failure?.Throw();
            _filling = _free.Pop();
        }
    }

    private void Deliver()
    {
        try
        {
            while (NextFull() is { } batch)
            {
                batch.DeliverTo(_target);
                lock (_gate)
                {
                    _free.Push(batch);
                    Monitor.PulseAll(_gate);
                }
            }
        }
        catch (Exception e)
        {
            lock (_gate)
            {
                _failure = ExceptionDispatchInfo.Capture(e);
                Monitor.PulseAll(_gate);
            }
        }
    }

    private CallBatch? NextFull()
    {
        lock (_gate)
        {
            while (_full.Count == 0 && !_allHanded)
            {
                Monitor.Wait(_gate);
            }

            return _full.Count > 0 ? _full.Dequeue() : null;
        }
    }

    /// <summary>The calls of one batch, in order; each kind of argument in an array of its own, so that nothing is boxed.</summary>
    private sealed class CallBatch
    {
        private const int Capacity = 4096;

        public Call[] Calls { get; } = new Call[Capacity];

        public PacketRecord[] Packets { get; } = new PacketRecord[Capacity];

        public EventRecord[] Events { get; } = new EventRecord[Capacity];

        public object?[] Objects { get; } = new object?[Capacity];

        public int Count;
        public int PacketCount;
        public int EventCount;
        public int ObjectCount;

        public bool IsFull => Count == Capacity;

        public void DeliverTo(IAnalysisSink sink)
        {
            int packet = 0, @event = 0, value = 0;
            for (int i = 0; i < Count; i++)
            {
                switch (Calls[i])
                {
                    case Call.Packet:
                        sink.Packet(Packets[packet++]);
                        break;
                    case Call.Event:
                        sink.Event(Events[@event++]);
                        break;
                    case Call.FileStarted:
                        sink.FileStarted((CaptureInfo)Objects[value++]!);
                        break;
                    case Call.ConnectionFinished:
                        sink.ConnectionFinished((Connection)Objects[value++]!);
                        break;
                    case Call.FileCompleted:
                        sink.FileCompleted((FileStatistics)Objects[value++]!);
                        break;
                }
            }

            Array.Clear(Objects, 0, ObjectCount); // let finished connections go
            Array.Clear(Events, 0, EventCount);
            Array.Clear(Packets, 0, PacketCount);
            Count = PacketCount = EventCount = ObjectCount = 0;
        }
    }
}
