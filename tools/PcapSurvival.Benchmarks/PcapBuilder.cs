using System.Buffers;
using System.Buffers.Binary;

namespace PcapSurvival.Benchmarks;

/// <summary>Writes an in-memory classic pcap (microseconds, Ethernet) of IPv4/TCP packets, cut to a snap length.</summary>
internal sealed class PcapBuilder
{
    public const int SnapLength = 96;

    private readonly ArrayBufferWriter<byte> _output = new(1 << 20);
    private readonly byte[] _frame = new byte[14 + 20 + 60 + 1500];
    private readonly int _limit;
    private long _timeNs = 1_740_992_400L * 1_000_000_000;

    public PcapBuilder(int limit)
    {
        _limit = limit;
        Span<byte> header = stackalloc byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0xA1B2C3D4);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        BinaryPrimitives.WriteInt32LittleEndian(header[16..], SnapLength);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], 1);
        _output.Write((ReadOnlySpan<byte>)header);
    }

    public int Count { get; private set; }

    public bool Full => Count >= _limit;

    /// <summary>Appends one packet (ignored once the limit is reached) and moves the clock on.</summary>
    public void Tcp(uint source, uint destination, ushort sourcePort, ushort destinationPort, uint seq, uint ack, byte flags,
        ushort window, int payload, ReadOnlySpan<byte> options, long gapNs = 5_000)
    {
        if (Full)
        {
            return;
        }

        var frame = _frame.AsSpan();
        frame[..12].Fill(0x02);
        BinaryPrimitives.WriteUInt16BigEndian(frame[12..], 0x0800);
        var ip = frame[14..];
        int tcpLength = 20 + options.Length;
        ip[0] = 0x45;
        ip[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)(20 + tcpLength + payload));
        BinaryPrimitives.WriteUInt16BigEndian(ip[4..], (ushort)Count);
        BinaryPrimitives.WriteUInt16BigEndian(ip[6..], 0x4000);
        ip[8] = 64;
        ip[9] = 6;
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(ip[12..], source);
        BinaryPrimitives.WriteUInt32BigEndian(ip[16..], destination);
        var tcp = ip[20..];
        BinaryPrimitives.WriteUInt16BigEndian(tcp, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[2..], destinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(tcp[4..], seq);
        BinaryPrimitives.WriteUInt32BigEndian(tcp[8..], ack);
        tcp[12] = (byte)((tcpLength / 4) << 4);
        tcp[13] = flags;
        BinaryPrimitives.WriteUInt16BigEndian(tcp[14..], window);
        BinaryPrimitives.WriteUInt32BigEndian(tcp[16..], 0);
        options.CopyTo(tcp[20..]);
        int length = 14 + 20 + tcpLength + payload;
        frame[(14 + 20 + tcpLength)..length].Fill(0x5A);
        int captured = Math.Min(length, SnapLength);

        Span<byte> record = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)(_timeNs / 1_000_000_000));
        BinaryPrimitives.WriteUInt32LittleEndian(record[4..], (uint)(_timeNs % 1_000_000_000 / 1000));
        BinaryPrimitives.WriteInt32LittleEndian(record[8..], captured);
        BinaryPrimitives.WriteInt32LittleEndian(record[12..], length);
        _output.Write((ReadOnlySpan<byte>)record);
        _output.Write((ReadOnlySpan<byte>)frame[..captured]);
        _timeNs += gapNs;
        Count++;
    }

    public byte[] ToArray() => _output.WrittenSpan.ToArray();
}
