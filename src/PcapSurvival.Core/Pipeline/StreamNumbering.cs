namespace PcapSurvival.Core.Pipeline;

/// <summary>
/// The file's stream numbers when its connections were analyzed on several threads: each thread writes down the
/// frame that started each of its connections, and a connection's stream number is the count of connections, on
/// any thread, started before it (tshark's tcp.stream: order of first appearance). About a byte or two per
/// connection; only the sharded analysis keeps it.
/// </summary>
public sealed class StreamNumbering
{
    private readonly FrameLog[] _starts;

    internal StreamNumbering(int threads)
    {
        _starts = new FrameLog[threads];
        for (int i = 0; i < threads; i++)
        {
            _starts[i] = new FrameLog();
        }
    }

    /// <summary>Thread <paramref name="thread"/> started a connection at <paramref name="frame"/> (ascending per thread).</summary>
    internal void Started(int thread, long frame) => _starts[thread].Add(frame);

    /// <summary>
    /// The stream number of each connection started at one of <paramref name="firstFrames"/>, in one pass over every
    /// start. A frame that started no connection is left out of the result.
    /// </summary>
    public Dictionary<long, long> StreamsOf(IEnumerable<long> firstFrames)
    {
        var wanted = firstFrames.Distinct().Order().ToArray();
        var streams = new Dictionary<long, long>(wanted.Length);
        var cursors = new FrameLog.Reader[_starts.Length];
        var heads = new long[_starts.Length];
        for (int i = 0; i < _starts.Length; i++)
        {
            cursors[i] = _starts[i].Read();
            heads[i] = cursors[i].Next();
        }

        // Merge the threads' ascending logs: the n-th start overall is stream n.
        long stream = 0;
        int next = 0;
        while (next < wanted.Length)
        {
            int earliest = -1;
            for (int i = 0; i < heads.Length; i++)
            {
                if (heads[i] != FrameLog.End && (earliest < 0 || heads[i] < heads[earliest]))
                {
                    earliest = i;
                }
            }

            if (earliest < 0)
            {
                break;
            }

            long frame = heads[earliest];
            while (next < wanted.Length && wanted[next] < frame)
            {
                next++; // started no connection
            }

            if (next < wanted.Length && wanted[next] == frame)
            {
                streams[frame] = stream;
                next++;
            }

            stream++;
            heads[earliest] = cursors[earliest].Next();
        }

        return streams;
    }
}
