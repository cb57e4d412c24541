using System.Globalization;

namespace PcapSurvival.Reporting.Text;

internal static class Report
{
    public static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>1,234,567</summary>
    public static string Count(long n) => n.ToString("N0", Invariant);

    public static string Plural(long n, string singular, string plural) => $"{Count(n)} {(n == 1 ? singular : plural)}";
}
