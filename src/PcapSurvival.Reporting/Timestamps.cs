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

        // Digits written directly: DateTime's custom format is parsed again at every call, a tenth of a packets.csv row.
        long sinceYearOne = Math.Clamp(seconds, -62135596800L, 253402300799L) + 62135596800L;
        long day = Math.DivRem(sinceYearOne, 86_400L, out long secondOfDay);
        var (year, month, dayOfMonth) = DateOnly.FromDayNumber((int)day);
        int written = 0;
        written += WriteDigits(year, 4, destination[written..]);
        destination[written++] = '-';
        written += WriteDigits(month, 2, destination[written..]);
        destination[written++] = '-';
        written += WriteDigits(dayOfMonth, 2, destination[written..]);
        destination[written++] = 'T';
        written += WriteDigits((int)(secondOfDay / 3600), 2, destination[written..]);
        destination[written++] = ':';
        written += WriteDigits((int)(secondOfDay / 60 % 60), 2, destination[written..]);
        destination[written++] = ':';
        written += WriteDigits((int)(secondOfDay % 60), 2, destination[written..]);
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

    private static int WriteDigits(int value, int count, Span<char> destination)
    {
        for (int i = count - 1; i >= 0; i--)
        {
            destination[i] = (char)('0' + (value % 10));
            value /= 10;
        }

        return count;
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

        return 1 + WriteDigits((int)fraction, digits, destination[1..]);
    }
}
