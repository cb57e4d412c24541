using CsvHelper;

namespace PcapSurvival.Reporting.Csv;

/// <summary>The one CSV dialect of every file we write: UTF-8, comma, LF, invariant culture, formula injection escaped.</summary>
internal static class CsvFiles
{
    /// <summary>
    /// Every text field checked and escaped by CsvHelper. Not used for writing: CsvHelper checks numbers written as
    /// text too, and a negative duration became the text <c>'-650.000000</c> (see <see cref="Unescaped"/>).
    /// </summary>
    public static readonly CsvWriterOptions Escaped = CsvWriterOptions.Default with
    {
        Injection = CsvInjection.Escape,
        NewLine = "\n",
        BufferSize = 1 << 20,
    };

    /// <summary>
    /// For every file: their only free text is the file name, escaped once with <see cref="EscapeFormula"/>; every
    /// other text field is ours and cannot start with a formula character (times and addresses start with a digit
    /// or a colon, names with a letter), or is a number, which stays a number even when negative. Checking every
    /// field of the files with a row per packet would also cost three times the rest of the row.
    /// </summary>
    public static readonly CsvWriterOptions Unescaped = Escaped with { Injection = CsvInjection.None };

    public static CsvWriter Create(string directory, string fileName, ReadOnlySpan<string> header, CsvWriterOptions options)
    {
        var writer = CsvWriter.ToFile(Path.Combine(directory, fileName), options);
        writer.WriteHeader(header);
        writer.Flush(); // on disk at once: a disk that fills later must not leave files without a header
        return writer;
    }

    /// <summary>Quotes an escaped field as CsvHelper's own escaping does.</summary>
    public static CsvQuoting QuotingOf(string escaped) =>
        escaped.Length > 0 && escaped[0] == Escaped.InjectionEscape ? CsvQuoting.Always : CsvQuoting.WhenNeeded;

    /// <summary>Escapes text as CsvHelper's <see cref="CsvInjection.Escape"/> does: a leading = + - @ tab or CR gets a quote mark.</summary>
    public static string EscapeFormula(string text) =>
        text.Length > 0 && Escaped.InjectionCharacters.Contains(text[0], StringComparison.Ordinal) ? Escaped.InjectionEscape + text : text;
}
