using System.Globalization;

namespace PcapSurvival.Reporting;

/// <summary>Capture times as text, with the capture's full precision, without allocating.</summary>
public static class Timestamps
{
    public const int MaxLength = 40;

    /// <summary>UTC ISO-8601 with <paramref name="digits"/> fractional digits: 2026-11-26T01:41:57.123456789Z.</summary>
    public static int FormatIso(long ns, int digits, Span<char> destination)
    {
        long seconds = Math.DivRem(ns, 1_000_000_000L, out long fraction);
        if (fraction < 0)
        {
            seconds--;
            fraction += 1_000_000_000L;
        }

        var time = DateTime.UnixEpoch.AddSeconds(Math.Clamp(seconds, -62135596800L, 253402300799L));
        time.TryFormat(destination, out int written, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        written += WriteFraction(fraction, digits, destination[written..]);
        destination[written++] = 'Z';
        return written;
    }

    /// <summary>Seconds with <paramref name="digits"/> fractional digits: 12.345678.</summary>
    public static int FormatSeconds(long ns, int digits, Span<char> destination)
    {
        int written = 0;
        if (ns < 0)
        {
            destination[written++] = '-';
            ns = -ns;
        }

        long seconds = Math.DivRem(ns, 1_000_000_000L, out long fraction);
        seconds.TryFormat(destination[written..], out int n, default, CultureInfo.InvariantCulture);
        written += n;
        return written + WriteFraction(fraction, digits, destination[written..]);
    }

    public static string Iso(long ns, int digits)
    {
        Span<char> buffer = stackalloc char[MaxLength];
        return new string(buffer[..FormatIso(ns, digits, buffer)]);
    }

    public static string Seconds(long ns, int digits)
    {
        Span<char> buffer = stackalloc char[MaxLength];
        return new string(buffer[..FormatSeconds(ns, digits, buffer)]);
    }

    private static int WriteFraction(long fraction, int digits, Span<char> destination)
    {
        if (digits <= 0)
        {
            return 0;
        }

        destination[0] = '.';
        for (int i = 9; i > digits; i--)
        {
            fraction /= 10;
        }

        for (int i = digits; i >= 1; i--)
        {
            destination[i] = (char)('0' + (fraction % 10));
            fraction /= 10;
        }

        return digits + 1;
    }
}
