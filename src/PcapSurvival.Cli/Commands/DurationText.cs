using System.Globalization;

namespace PcapSurvival.Cli.Commands;

/// <summary>
/// Durations with a unit, as people type them: 30s, 500ms, 5m, 1.5h, or 00:05:00 (hours, minutes and seconds). A bare
/// number has the option's own unit, which <see cref="OptionValues.Duration"/> applies before asking here.
/// </summary>
internal static class DurationText
{
    /// <summary>Any duration from zero up; whether zero or a tiny one will do is the caller's business.</summary>
    public static bool TryParse(string text, out TimeSpan duration)
    {
        text = text.Trim();
        duration = default;
        if (text.Contains(':', StringComparison.Ordinal))
        {
            // Only hh:mm:ss: .NET would read "1:30" as an hour and a half, where a person may mean 90 seconds.
            return text.Count(c => c == ':') == 2
                && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration) && duration >= TimeSpan.Zero;
        }

        (string number, double scale) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.OrdinalIgnoreCase) => (text[..^2], 0.001),
            _ when text.EndsWith('s') || text.EndsWith('S') => (text[..^1], 1.0),
            _ when text.EndsWith('m') || text.EndsWith('M') => (text[..^1], 60.0),
            _ when text.EndsWith('h') || text.EndsWith('H') => (text[..^1], 3600.0),
            _ => ("", 0),
        };
        if (scale == 0 || !double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value)
            || !double.IsFinite(value) || value * scale > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            return false;
        }

        duration = TimeSpan.FromSeconds(value * scale);
        return true;
    }
}
