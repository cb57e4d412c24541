using System.Buffers.Binary;

namespace GenerateTrace;

/// <summary>
/// Writes a classic pcap file (little-endian, version 2.4, LINKTYPE_ETHERNET): a 24-byte file header, then a
/// 16-byte record header before each packet's captured bytes.
/// </summary>
internal sealed class PcapWriter : IDisposable
{
    private const uint MagicMicroseconds = 0xA1B2C3D4;
    private const uint MagicNanoseconds = 0xA1B23C4D;
    private const uint LinkTypeEthernet = 1;

    private readonly Stream _stream;
    private readonly bool _nanoseconds;
    private readonly int _snapLength;
    private readonly byte[] _header = new byte[24];

    public PcapWriter(Stream stream, int snapLength, bool nanoseconds)
    {
        _stream = stream;
        _snapLength = snapLength;
        _nanoseconds = nanoseconds;
        var header = _header.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(header, nanoseconds ? MagicNanoseconds : MagicMicroseconds);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], 0); // thiszone
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], 0); // sigfigs
        BinaryPrimitives.WriteInt32LittleEndian(header[16..], snapLength);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], LinkTypeEthernet);
        _stream.Write(header);
    }

    public long Packets { get; private set; }

    /// <summary>Writes one packet, cut to the snap length; <paramref name="originalLength"/> is its length on the wire.</summary>
    public void Write(long timestampNs, ReadOnlySpan<byte> frame, int originalLength)
    {
        var record = _header.AsSpan(0, 16);
        long seconds = timestampNs / 1_000_000_000;
        long fraction = timestampNs % 1_000_000_000;
        if (!_nanoseconds)
        {
            fraction /= 1000;
        }

        int captured = Math.Min(frame.Length, _snapLength);
        BinaryPrimitives.WriteUInt32LittleEndian(record, checked((uint)seconds));
        BinaryPrimitives.WriteUInt32LittleEndian(record[4..], (uint)fraction);
        BinaryPrimitives.WriteInt32LittleEndian(record[8..], captured);
        BinaryPrimitives.WriteInt32LittleEndian(record[12..], originalLength);
        _stream.Write(record);
        _stream.Write(frame[..captured]);
        Packets++;
    }

    public void Dispose() => _stream.Dispose();
}
