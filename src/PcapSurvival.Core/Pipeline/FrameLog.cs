namespace PcapSurvival.Core.Pipeline;

/// <summary>
/// An ascending list of frame numbers kept as variable-length differences: connections start every few dozen
/// frames, so most take one byte.
/// </summary>
internal sealed class FrameLog
{
    public const long End = -1;

    private byte[] _bytes = new byte[256];
    private int _length;
    private long _last;

    public void Add(long frame)
    {
        ulong delta = (ulong)(frame - _last);
        _last = frame;
        if (_bytes.Length - _length < 10)
        {
            Array.Resize(ref _bytes, _bytes.Length * 2);
        }

        while (delta >= 0x80)
        {
            _bytes[_length++] = (byte)(delta | 0x80);
            delta >>= 7;
        }

        _bytes[_length++] = (byte)delta;
    }

    public Reader Read() => new(this);

    /// <summary>Reads the frames back in order, then <see cref="End"/>.</summary>
    internal struct Reader(FrameLog log)
    {
        private int _position;
        private long _frame;

        public long Next()
        {
            if (_position >= log._length)
            {
                return End;
            }

            ulong delta = 0;
            int shift = 0;
            byte b;
            do
            {
                b = log._bytes[_position++];
                delta |= (ulong)(b & 0x7F) << shift;
                shift += 7;
            }
            while ((b & 0x80) != 0);

            _frame += (long)delta;
            return _frame;
        }
    }
}
