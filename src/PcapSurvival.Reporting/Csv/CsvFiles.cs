using CsvHelper;

namespace PcapSurvival.Reporting.Csv;

/// <summary>The one CSV dialect of every file we write: UTF-8, comma, LF, invariant culture, formula injection escaped.</summary>
internal static class CsvFiles
{
    public static readonly CsvWriterOptions Options = CsvWriterOptions.Default with
    {
        Injection = CsvInjection.Escape,
        NewLine = "\n",
        BufferSize = 1 << 20,
    };

    public static CsvWriter Create(string directory, string fileName, ReadOnlySpan<string> header)
    {
        var writer = CsvWriter.ToFile(Path.Combine(directory, fileName), Options);
        writer.WriteHeader(header);
        return writer;
    }
}
