using PcapSurvival.Core.Pipeline;
using PcapSurvival.Core.Sinks;
using PcapSurvival.Reporting;
using PcapSurvival.Reporting.Csv;
using PcapSurvival.Reporting.Json;
using PcapSurvival.Reporting.Parquet;
using PcapSurvival.Reporting.Plot;
using PcapSurvival.Reporting.Text;

namespace PcapSurvival.Cli.Commands;

/// <summary>The sinks one command run writes to: the human report, and CSV, Parquet, JSON and plots when asked for.</summary>
internal sealed class OutputSinks : IDisposable
{
    private readonly List<IAnalysisSink> _sinks = [];
    private readonly CsvReportWriter? _csv;
    private readonly ParquetReportWriter? _parquet;
    private readonly JsonLinesWriter? _json;
    private readonly string? _csvDirectory;
    private readonly string? _jsonFile;

    /// <exception cref="IOException">An output file or directory cannot be created.</exception>
    /// <exception cref="UnauthorizedAccessException">An output file or directory cannot be created.</exception>
    public OutputSinks(OutputRequest request, IAnalysisSink? extra = null)
    {
        string? jsonPath = request.Json;
        bool jsonOnStdout = jsonPath == "-";
        RequireDirectoryOrNothing("--csv", request.Csv);
        RequireDirectoryOrNothing("--parquet", request.Parquet);
        if (jsonPath is not null && Directory.Exists(jsonPath))
        {
            throw new IOException($"--json {jsonPath}: is a directory; --json takes a file name, or - for stdout.");
        }

        RequireDirectoryOrNothing("--plot", request.Plot);
        if (!StandardOutput.IsOpen)
        {
            // Started with >&-: the report (or JSON) would go nowhere, or into a file the descriptor was reused for.
            throw new IOException("standard output is closed (send it to /dev/null to keep only the files)");
        }

        // Every check above comes before any file is opened: a wrong option must not truncate an earlier output.

        if (!jsonOnStdout)
        {
            Report = new ConsoleReport(Console.Out, request.MaxRows);
            _sinks.Add(Report);
        }

        if (request.Csv is not null)
        {
            _csvDirectory = request.Csv.FullName;
            _csv = new CsvReportWriter(_csvDirectory);
            _sinks.Add(_csv);
        }

        if (request.Parquet is not null)
        {
            _parquet = new ParquetReportWriter(request.Parquet.FullName);
            _sinks.Add(_parquet);
        }

        if (jsonPath is not null)
        {
            _jsonFile = jsonOnStdout ? null : jsonPath;
            _json = new JsonLinesWriter(jsonOnStdout ? StandardOutput.Open() : File.Create(jsonPath));
            _sinks.Add(_json);
        }

        if (request.Plot is not null)
        {
            Directory.CreateDirectory(request.Plot.FullName);
            _sinks.Add(new PlotDirectory(request.Plot.FullName, request.PlotAll));
        }

        if (extra is not null)
        {
            _sinks.Add(extra);
        }

        var all = _sinks.Count == 1 ? _sinks[0] : new SinkFanout([.. _sinks]);
        Sink = request.Selection is { } selection ? new SelectingSink(all, selection) : all;
    }

    public IAnalysisSink Sink { get; }

    /// <summary>The human report, unless JSON goes to stdout (then stdout is JSON only).</summary>
    public ConsoleReport? Report { get; }

    /// <summary>
    /// Pushes buffered CSV rows and JSON lines to disk (live capture calls this every second). Parquet files are
    /// readable only once closed, so their row groups are written when full and at the end, not here.
    /// </summary>
    public void Flush()
    {
        _csv?.Flush();
        _json?.Flush();
    }

    /// <summary>Flushes and closes the files; when that fails, both are still closed (the CSV files cut to whole rows).</summary>
    public void Dispose()
    {
        try
        {
            _csv?.Dispose();
            _parquet?.Dispose();
        }
        finally
        {
            _json?.Dispose();
        }
    }

    /// <summary>
    /// After a write failed: the output files, which stop where the run did, cut back to their last whole row or
    /// line; as the end of the one-line error.
    /// </summary>
    public string CutShort()
    {
        if (_jsonFile is not null)
        {
            WholeLines.CutAfterLastLine(_jsonFile);
        }

        var files = new List<string>();
        if (_csvDirectory is not null)
        {
            files.AddRange(CsvReportWriter.FileNames.Select(name => Path.Combine(_csvDirectory, name)));
        }

        if (_jsonFile is not null)
        {
            files.Add(_jsonFile);
        }

        return files.Count == 0 ? "" : $"; incomplete, cut after the last whole row: {string.Join(", ", files)}";
    }

    /// <summary>An output directory option must name a directory, or nothing yet (it is then created).</summary>
    private static void RequireDirectoryOrNothing(string option, DirectoryInfo? directory)
    {
        if (directory is not null && File.Exists(directory.FullName))
        {
            throw new IOException($"{option} {directory}: exists and is not a directory; {option} takes a directory (created if missing).");
        }
    }
}
