using Parquet.Schema;
using PcapSurvival.Core.Pipeline;
using PcapSurvival.Core.Reading;
using PcapSurvival.Core.Sinks;
using PcapSurvival.Core.Tcp;

namespace PcapSurvival.Reporting.Parquet;

/// <summary>
/// packets.parquet: packets.csv's columns, typed (time a timestamp, rel_time seconds, analysis a list of names).
/// Written column by column without the per-column indirection of <see cref="Tables.TableColumn{TRow}"/>: a row per
/// packet is the hot path.
/// </summary>
internal sealed class PacketsParquet : IDisposable
{
    private readonly TextValues _file;
    private readonly NumberValues<long> _frame;
    private readonly TimestampValues _time;
    private readonly NumberValues<double> _relTime;
    private readonly NumberValues<long> _stream;
    private readonly TextValues _src;
    private readonly NumberValues<int> _srcPort;
    private readonly TextValues _dst;
    private readonly NumberValues<int> _dstPort;
    private readonly TextValues _flags;
    private readonly NumberValues<long> _seq;
    private readonly NumberValues<long> _ack;
    private readonly NumberValues<int> _len;
    private readonly NumberValues<int> _window;
    private readonly ListValues<ReadOnlyMemory<char>> _analysis;
    private readonly NumberValues<long> _windowScaled;
    private readonly TextValues _direction;
    private readonly NullableNumberValues<int> _dupAckNum;
    private readonly ParquetTable _table;

    public PacketsParquet(string path, int rows)
    {
        _file = new("file", rows);
        _frame = new("frame", rows);
        _time = new("time", rows);
        _relTime = new("rel_time", rows);
        _stream = new("stream", rows);
        _src = new("src", rows);
        _srcPort = new("src_port", rows);
        _dst = new("dst", rows);
        _dstPort = new("dst_port", rows);
        _flags = new("flags", rows);
        _seq = new("seq", rows);
        _ack = new("ack", rows);
        _len = new("len", rows);
        _window = new("window", rows);
        _analysis = new("analysis", new DataField<string>("element", nullable: false), rows);
        _windowScaled = new("window_scaled", rows);
        _direction = new("direction", rows);
        _dupAckNum = new("dup_ack_num", rows);
        _table = new ParquetTable(path,
        [
            _file, _frame, _time, _relTime, _stream, _src, _srcPort, _dst, _dstPort, _flags, _seq, _ack, _len, _window, _analysis,
            _windowScaled, _direction, _dupAckNum,
        ], rows);
    }

    public void Write(string file, in PacketRecord packet)
    {
        var c = packet.Connection;
        _file.Add(file);
        _frame.Add(TraceFrame.Number(packet.Frame));
        _time.Add(packet.TimeNs);
        _relTime.Add(packet.RelativeTimeNs / 1e9);
        _stream.Add(c.Stream);
        _src.Add(packet.FromClient ? c.ClientText : c.ServerText);
        _srcPort.Add(packet.FromClient ? c.ClientPort : c.ServerPort);
        _dst.Add(packet.FromClient ? c.ServerText : c.ClientText);
        _dstPort.Add(packet.FromClient ? c.ServerPort : c.ClientPort);
        _flags.Add(TcpFlagText.Of(packet.Flags));
        _seq.Add(packet.RelativeSeq);
        _ack.Add(packet.RelativeAck);
        _len.Add(packet.PayloadLength);
        _window.Add(packet.Window);
        _analysis.BeginRow();
        if (packet.Analysis != AnalysisFlags.None) // most packets: skip the walk over the names
        {
            foreach (var (flag, name) in AnalysisFlagNames.All)
            {
                if ((packet.Analysis & flag) != 0)
                {
                    _analysis.AddElement(name.AsMemory());
                }
            }
        }

        _windowScaled.Add(packet.WindowScaled);
        _direction.Add(packet.FromClient ? "c2s" : "s2c");
        _dupAckNum.Add(packet.DuplicateAckNumber > 0 ? packet.DuplicateAckNumber : null);
        _table.EndRow();
    }

    public void Dispose() => _table.Dispose();
}
