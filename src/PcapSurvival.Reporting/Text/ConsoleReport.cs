using PcapSurvival.Core.Decoding;
using PcapSurvival.Core.Outages;
using PcapSurvival.Core.Pipeline;
using PcapSurvival.Core.Sinks;
using PcapSurvival.Core.Tcp;
using PcapSurvival.Core.Verdicts;

namespace PcapSurvival.Reporting.Text;

/// <summary>
/// The human report: per file, what was read, a table of connections, one sentence per outage, and a summary
/// line that answers the question directly. Memory is bounded: beyond <see cref="MaxRows"/> connections only
/// the most interesting rows are kept (outages, SSH, problems) and the rest are counted. What it keeps does not
/// depend on the order connections finish in, so on its own it lets the analysis split a file's connections between
/// threads (<see cref="IOrderFreeSink"/>).
/// </summary>
public sealed class ConsoleReport(TextWriter output, int maxRows = ConsoleReport.DefaultMaxRows) : IOrderFreeSink
{
    public const int DefaultMaxRows = 50;

    private readonly MostInterestingConnections<ConnectionRow> _rows = new(maxRows, ConnectionRow.From);
    private readonly VerdictTally _fileSsh = new();
    private readonly VerdictTally _fileAll = new();
    private readonly VerdictTally _totalSsh = new();
    private readonly VerdictTally _totalAll = new();
    private int _files;

    public int MaxRows => maxRows;

    public void FileStarted(CaptureInfo capture)
    {
        _rows.Clear();
        _fileSsh.Clear();
        _fileAll.Clear();
    }

    public void Packet(in PacketRecord packet)
    {
    }

    public void Event(in EventRecord record)
    {
    }

    public void ConnectionFinished(Connection connection)
    {
        string? reason = VerdictReasons.Reason(connection);
        _fileAll.Add(connection.Verdict, reason);
        _totalAll.Add(connection.Verdict, reason);
        if (connection.IsSsh)
        {
            _fileSsh.Add(connection.Verdict, reason);
            _totalSsh.Add(connection.Verdict, reason);
        }

        _rows.Offer(connection); // a row (a dozen strings) is formatted only when it is kept
    }

    public void AssignStreams(StreamNumbering streams)
    {
        var numbers = streams.StreamsOf(_rows.Rows.Select(row => row.FirstFrame));
        _rows.Update(row => row.WithStream(numbers[row.FirstFrame]));
    }

    public void FileCompleted(FileStatistics statistics)
    {
        _files++;
        WriteHeadline(statistics);
        if (statistics.Connections > 0 && maxRows > 0) // --max-rows 0: no table, only the totals
        {
            output.WriteLine();
            WriteTable(statistics.Connections);
            WriteOutageSentences();
        }

        output.WriteLine();
        WriteSummary(_fileSsh, _fileAll);
        output.WriteLine();
    }

    /// <summary>After several files, the totals over all of them; then where the words are explained.</summary>
    public void WriteTotals()
    {
        if (_files > 1)
        {
            output.WriteLine($"All {_files} files:");
            WriteSummary(_totalSsh, _totalAll);
            output.WriteLine();
        }

        if (_files > 0)
        {
            output.WriteLine(ExplainHint);
            output.WriteLine();
        }
    }

    /// <summary>The last line of the report: every verdict, column and setting it uses is in <c>explain</c>.</summary>
    public const string ExplainHint = "What a word or column means: pcapsurvival explain TERM (e.g. explain died, explain ooo); explain alone lists them all.";

    private void WriteHeadline(FileStatistics s)
    {
        var notAnalyzed = s.NotAnalyzed().ToList();
        long notCount = notAnalyzed.Sum(n => n.Count);
        string span = s.Packets > 1 ? $", {OutageText.Seconds((s.LastTimestampNs - s.FirstTimestampNs) / 1e9)}" : "";
        output.WriteLine($"{s.Name}: {Report.Plural(s.Packets, "packet", "packets")}, {Report.Count(s.TcpPackets)} TCP, {Report.Plural(s.Connections, "connection", "connections")}{span}");
        if (s.EvictedConnections > 0)
        {
            output.WriteLine($"  evicted early: {Report.Plural(s.EvictedConnections, "connection", "connections")} over the --max-connections cap (unanswered SYNs first, then the longest idle)");
        }

        if (notCount > 0)
        {
            string reasons = string.Join(", ", notAnalyzed.Select(n => $"{Report.Count(n.Count)} {DecodeOutcomeNames.Describe(n.Outcome)}"));
            output.WriteLine($"  not analysed: {Report.Count(notCount)} ({reasons})");
        }

        if (s.Filtered > 0)
        {
            output.WriteLine($"  left out by the filter: {Report.Count(s.Filtered)}");
        }

        if (s.Fault is { } fault)
        {
            output.WriteLine($"  DAMAGED at byte offset {fault.Offset}: {fault.Message}; the results cover the {Report.Plural(s.Packets, "packet", "packets")} before it");
        }
    }

    private void WriteTable(long connections)
    {
        var rows = _rows.Rows.OrderBy(r => r.Stream).ToList();
        int columns = ConnectionRow.Header.Length;
        var widths = new int[columns];
        for (int i = 0; i < columns; i++)
        {
            widths[i] = Math.Max(ConnectionRow.Header[i].Length, rows.Count == 0 ? 0 : rows.Max(r => r.Cells[i].Length));
        }

        WriteCells(ConnectionRow.Header, widths);
        foreach (var row in rows)
        {
            WriteCells(row.Cells, widths);
        }

        if (connections > rows.Count)
        {
            output.WriteLine($"  ... {Report.Plural(connections - rows.Count, "more connection", "more connections")} not shown (all are in --csv and --json)");
        }

        if (rows.Any(r => r.Cells[4].EndsWith('*')))
        {
            output.WriteLine("  * picked up midstream: the capture started after the handshake");
        }
    }

    private void WriteCells(string[] cells, int[] widths)
    {
        var line = new System.Text.StringBuilder("  ");
        for (int i = 0; i < cells.Length; i++)
        {
            bool leftAligned = i is >= 1 and <= 5;
            line.Append(leftAligned ? cells[i].PadRight(widths[i]) : cells[i].PadLeft(widths[i]));
            if (i < cells.Length - 1)
            {
                line.Append("  ");
            }
        }

        output.WriteLine(line.ToString().TrimEnd());
    }

    private void WriteOutageSentences()
    {
        var affected = _rows.Rows.Where(r => r.Sentences.Count > 0).OrderBy(r => r.Stream).ToList();
        if (affected.Count == 0)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine("Outages:");
        foreach (var row in affected)
        {
            string who = $"stream {row.Stream} ({row.Cells[3]} {row.Cells[1]} → {row.Cells[2]})";
            foreach (var sentence in row.Sentences)
            {
                output.WriteLine($"  {who} {sentence}");
            }
        }
    }

    private void WriteSummary(VerdictTally ssh, VerdictTally all)
    {
        if (ssh.Total > 0)
        {
            output.WriteLine($"SSH sessions: {ssh.Describe()}");
        }

        output.WriteLine(all.Total > 0 ? $"All TCP connections: {all.Describe()}" : "No TCP connections.");
    }
}
