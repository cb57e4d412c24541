namespace PcapSurvival.Core.Reading;

/// <summary>
/// Converts a pcapng timestamp in units of the interface's if_tsresol (10^-n or 2^-n seconds) to nanoseconds.
/// </summary>
internal readonly struct TimestampScale
{
    private readonly ulong _multiplier;
    private readonly ulong _divisor;
    private readonly int _binaryExponent;

    private TimestampScale(ulong multiplier, ulong divisor, int binaryExponent, int digits)
    {
        _multiplier = multiplier;
        _divisor = divisor;
        _binaryExponent = binaryExponent;
        Digits = digits;
    }

    public static TimestampScale Microseconds { get; } = FromResolution(6);

    /// <summary>Decimal digits needed to show this resolution in full (at most 9).</summary>
    public int Digits { get; }

    /// <summary>Decodes the if_tsresol byte: high bit clear means 10^-n, set means 2^-n.</summary>
    public static TimestampScale FromResolution(byte resolution)
    {
        int exponent = resolution & 0x7F;
        if ((resolution & 0x80) != 0)
        {
            int digits = Math.Min(9, (int)Math.Ceiling(exponent * Math.Log10(2)));
            return new TimestampScale(1_000_000_000, 1, Math.Min(exponent, 127), digits);
        }

        return exponent <= 9
            ? new TimestampScale(Pow10(9 - exponent), 1, 0, exponent)
            : new TimestampScale(1, Pow10(Math.Min(exponent - 9, 19)), 0, 9);
    }

    public long ToNanoseconds(ulong ticks)
    {
        UInt128 value = (UInt128)ticks * _multiplier;
        if (_binaryExponent > 0)
        {
            value >>= _binaryExponent;
        }

        value /= _divisor;
        return value > long.MaxValue ? long.MaxValue : (long)value;
    }

    /// <summary>
    /// An if_tsoffset (whole seconds) in nanoseconds, clamped to what a timestamp can hold: about ±292 years, where an
    /// offset of 2^63-1 s would otherwise wrap to 1677.
    /// </summary>
    public static long OffsetToNanoseconds(long seconds)
    {
        const long MaxSeconds = long.MaxValue / 1_000_000_000;
        return Math.Clamp(seconds, -MaxSeconds, MaxSeconds) * 1_000_000_000;
    }

    /// <summary>A timestamp plus an offset, clamped to the range of a timestamp instead of wrapping round.</summary>
    public static long AddSaturating(long timestampNs, long offsetNs)
    {
        long sum = unchecked(timestampNs + offsetNs);
        bool overflowed = ((timestampNs ^ sum) & (offsetNs ^ sum)) < 0;
        return !overflowed ? sum : offsetNs > 0 ? long.MaxValue : long.MinValue;
    }

    private static ulong Pow10(int n)
    {
        ulong result = 1;
        for (int i = 0; i < n; i++)
        {
            result *= 10;
        }

        return result;
    }
}
