using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace PcapSurvival.Cli.Commands;

/// <summary>
/// Custom parsers for the numeric options: the value is read and range-checked in one step, so a wrong value
/// ("abc", "1,5", "-3") is one error line naming the option, never an exception from a validator that reads a value
/// the parser could not convert.
/// </summary>
internal static class OptionValues
{
    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static long WholeNumber(ArgumentResult result, string option, long min, long max, string rule)
    {
        string text = TextOf(result);
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value)
            && value >= min && value <= max)
        {
            return value;
        }

        result.AddError($"{option} {rule} (got '{text}').");
        return min;
    }

    /// <summary>
    /// A length of time, in <paramref name="plainUnitSeconds"/> when written as a bare number ("1.5"), or with a unit
    /// as <see cref="DurationText"/> reads it ("500ms", "2s", "1m", "00:00:30"). Zero is allowed when
    /// <paramref name="allowZero"/>; otherwise at least a millisecond (TCP_USER_TIMEOUT counts whole ones).
    /// </summary>
    public static TimeSpan Duration(ArgumentResult result, string option, double plainUnitSeconds, bool allowZero, string rule)
    {
        string text = TextOf(result);
        TimeSpan? duration = null;
        if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double plain))
        {
            if (double.IsFinite(plain) && plain * plainUnitSeconds < TimeSpan.MaxValue.TotalSeconds / 2)
            {
                duration = TimeSpan.FromSeconds(plain * plainUnitSeconds);
            }
        }
        else if (DurationText.TryParse(text, out var withUnit))
        {
            duration = withUnit;
        }

        if (duration is { } value && (allowZero ? value >= TimeSpan.Zero : value >= TimeSpan.FromMilliseconds(1)))
        {
            return value;
        }

        result.AddError($"{option} {rule} (got '{text}').");
        return TimeSpan.Zero;
    }

    /// <summary>
    /// A directory option given "-": it writes several files, so it cannot mean standard output, and a folder named
    /// "-" is never what was meant.
    /// </summary>
    public static void RefuseStandardOutput(Option<DirectoryInfo?> option)
    {
        option.Validators.Add(r =>
        {
            if (r.Tokens.Count == 1 && r.Tokens[0].Value == "-")
            {
                r.AddError($"{option.Name} writes files into a directory and cannot write to standard output (-); give a directory, or use --json - for a stream.");
            }
        });
    }

    private static string TextOf(ArgumentResult result) => result.Tokens.Count == 1 ? result.Tokens[0].Value.Trim() : "";
}
