namespace PcapSurvival.Capture.Tests.Infrastructure;

internal static class CsvFiles
{
    public static readonly string[] Names = ["connections.csv", "packets.csv", "events.csv", "outages.csv"];

    /// <summary>The lines of a CSV file without its first column (file: the interface live, the path offline).</summary>
    public static List<string> WithoutFileColumn(string path) =>
        File.ReadAllLines(path).Select(line => line[(line.IndexOf(',', StringComparison.Ordinal) + 1)..]).ToList();
}
