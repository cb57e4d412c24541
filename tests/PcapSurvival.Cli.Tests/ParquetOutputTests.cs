using System.Globalization;
using DuckDB.NET.Data;
using PcapSurvival.Core.Pipeline;
using PcapSurvival.Core.Reading;
using PcapSurvival.Core.Sinks;
using PcapSurvival.Reporting.Csv;
using PcapSurvival.Reporting.Parquet;
using PcapSurvival.Reporting;
using PcapSurvival.Testing;

namespace PcapSurvival.Cli.Tests;

/// <summary>
/// --parquet read back by a real DuckDB: every table equals its CSV twin row for row, and the README's fleet query
/// answers over a folder of analyses.
/// </summary>
public class ParquetOutputTests
{
    public static TheoryData<string> ShippedCaptures()
    {
        var data = new TheoryData<string>();
        foreach (string path in Directory.GetFiles(Path.Combine(CliRun.RepositoryRoot, "captures"), "*.pcap").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(path));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ShippedCaptures))]
    public void Parquet_EveryTable_EqualsTheCsvRowForRow(string capture)
    {
        using var dir = new TempDirectory();
        // Row groups of 7 rows: most tables span several, so the streaming in groups is what is checked.
        using (var csv = new CsvReportWriter(dir.File("csv")))
        using (var parquet = new ParquetReportWriter(dir.File("parquet"), rowGroupRows: 7))
        using (var reader = CaptureReader.Open(CliRun.ShippedCapture(capture)))
        {
            CaptureFileAnalysis.Run(reader, new AnalysisOptions(), new SinkFanout(csv, parquet), cancellation: TestContext.Current.CancellationToken);
        }

        using var db = OpenDuckDb();
        foreach (string table in new[] { "connections", "packets", "events", "outages", "files" })
        {
            var expected = ReadCsv(db, dir.File($"csv/{table}.csv"));
            var actual = ReadParquet(db, dir.File($"parquet/{table}.parquet"));
            Assert.Equal(expected.Header, actual.Header);
            Assert.Equal(expected.Rows.Count, actual.Rows.Count);
            for (int row = 0; row < expected.Rows.Count; row++)
            {
                for (int column = 0; column < expected.Header.Length; column++)
                {
                    string name = expected.Header[column];
                    string csvText = expected.Rows[row][column];
                    object? value = actual.Rows[row][column];
                    Assert.True(
                        CellsAgree(name, actual.Types[column], csvText, value),
                        $"{table}.{name} row {row + 1}: CSV '{csvText}', Parquet '{Show(value)}' ({actual.Types[column]})");
                }
            }
        }
    }

    [Fact]
    public void Parquet_Columns_AreTyped()
    {
        using var dir = new TempDirectory();
        var (exit, _, stderr) = CliRun.Run("analyze", "--parquet", dir.Path, CliRun.ShippedCapture("ssh-died-retries.pcap"));
        Assert.True(exit == 0, stderr);

        using var db = OpenDuckDb();
        var types = ReadParquet(db, dir.File("outages.parquet"));
        string TypeOf(string column) => types.Types[Array.IndexOf(types.Header, column)];
        Assert.Equal("TIMESTAMP_NS", TypeOf("start"));
        Assert.Equal("BIGINT", TypeOf("retransmissions"));
        Assert.Equal("DOUBLE[]", TypeOf("backoff_s"));
        Assert.Equal("BIGINT[]", TypeOf("matching_retries2"));
        var packets = ReadParquet(db, dir.File("packets.parquet"));
        Assert.Equal("VARCHAR[]", packets.Types[Array.IndexOf(packets.Header, "analysis")]);
        var connections = ReadParquet(db, dir.File("connections.parquet"));
        Assert.Equal("BOOLEAN", connections.Types[Array.IndexOf(connections.Header, "midstream")]);
    }

    [Fact]
    public void FleetQuery_FromTheReadme_FindsTheDiedSshSessionsOfEveryAnalysisWithTheirLongestOutage()
    {
        using var dir = new TempDirectory();
        string[][] hosts =
        [
            ["ssh-died-retries.pcap", "ssh-survived-link.pcap"],
            ["ssh-died-retries.pcap", "ssh-idle.pcap", "ssh-sshd-restart.pcap"],
        ];
        var expected = new List<(string Analysis, string File, long Stream, double Longest)>();
        for (int i = 0; i < hosts.Length; i++)
        {
            string analysis = dir.File($"analyses/host{i + 1}");
            var (exit, _, stderr) = CliRun.Run(
                ["analyze", "--parquet", analysis, "--csv", dir.File($"csv{i + 1}"), .. hosts[i].Select(CliRun.ShippedCapture)]);
            Assert.True(exit == 0, stderr);
            using var csvDb = OpenDuckDb();
            foreach (var row in ReadCsv(csvDb, dir.File($"csv{i + 1}/connections.csv")).Named())
            {
                if (row["protocol"] == "ssh" && row["verdict"] == "died")
                {
                    expected.Add((analysis, row["file"], long.Parse(row["stream"], CultureInfo.InvariantCulture),
                        double.Parse(row["longest_outage_s"], CultureInfo.InvariantCulture)));
                }
            }
        }

        Assert.True(expected.Count >= 2, "the captures have a died SSH session in each analysis");

        using var db = OpenDuckDb();
        using var command = db.CreateCommand();
        command.CommandText = $"SET file_search_path = '{dir.File("")}';\n" + ReadmeFleetQuery();
        using var reader = command.ExecuteReader();
        var found = new List<(string Analysis, string File, long Stream, double Longest)>();
        while (reader.Read())
        {
            found.Add((Path.GetFullPath(Path.Combine(dir.Path, reader.GetString(reader.GetOrdinal("analysis")))),
                reader.GetString(reader.GetOrdinal("file")), reader.GetInt64(reader.GetOrdinal("stream")),
                reader.GetDouble(reader.GetOrdinal("longest_outage_s"))));
        }

        Assert.Equal(expected.Count, found.Count);
        foreach (var (analysis, file, stream, longest) in expected)
        {
            var match = Assert.Single(found, f => f.Analysis == analysis && f.File == file && f.Stream == stream);
            Assert.InRange(match.Longest, longest - 0.0005, longest + 0.0005); // the CSV rounds to milliseconds
        }
    }

    /// <summary>The README's fleet query, exactly as printed (the sql block after the fleet-query marker).</summary>
    private static string ReadmeFleetQuery()
    {
        string readme = File.ReadAllText(Path.Combine(CliRun.RepositoryRoot, "README.md"));
        int marker = readme.IndexOf("<!-- fleet-query: DuckDB -->", StringComparison.Ordinal);
        Assert.True(marker >= 0, "README.md has the fleet query");
        int start = readme.IndexOf("```sql\n", marker, StringComparison.Ordinal) + "```sql\n".Length;
        int end = readme.IndexOf("```", start, StringComparison.Ordinal);
        return readme[start..end];
    }

    private static DuckDBConnection OpenDuckDb()
    {
        var db = new DuckDBConnection("DataSource=:memory:");
        db.Open();
        return db;
    }

    private sealed record Table(string[] Header, string[] Types, List<object?[]> Rows);

    private sealed record CsvTable(string[] Header, List<string[]> Rows)
    {
        public IEnumerable<Dictionary<string, string>> Named() =>
            Rows.Select(r => Header.Zip(r).ToDictionary(p => p.First, p => p.Second));
    }

    /// <summary>The CSV as DuckDB's own CSV reader parses it, every field as text.</summary>
    private static CsvTable ReadCsv(DuckDBConnection db, string path)
    {
        var table = Query(db, $"SELECT * FROM read_csv('{path}', all_varchar = true, header = true, auto_detect = false, " +
            $"columns = {{{string.Join(", ", File.ReadLines(path).First().Split(',').Select(c => $"'{c}': 'VARCHAR'"))}}})");
        return new CsvTable(table.Header, [.. table.Rows.Select(r => r.Select(v => v as string ?? "").ToArray())]);
    }

    /// <summary>The Parquet file's rows; timestamps as epoch nanoseconds and lists as ';'-joined text, to compare exactly.</summary>
    private static Table ReadParquet(DuckDBConnection db, string path)
    {
        var schema = Query(db, $"DESCRIBE SELECT * FROM '{path}'");
        string[] names = [.. schema.Rows.Select(r => (string)r[0]!)];
        string[] types = [.. schema.Rows.Select(r => (string)r[1]!)];
        var select = names.Select((n, i) => types[i] switch
        {
            "TIMESTAMP_NS" => $"epoch_ns(\"{n}\")",
            var t when t.EndsWith("[]", StringComparison.Ordinal) => $"array_to_string(\"{n}\", ';')",
            _ => $"\"{n}\"",
        });
        var rows = Query(db, $"SELECT {string.Join(", ", select)} FROM '{path}'");
        return new Table(names, types, rows.Rows);
    }

    private static Table Query(DuckDBConnection db, string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        string[] header = [.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetName)];
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i))]);
        }

        return new Table(header, [], rows);
    }

    /// <summary>The CSV's text and the Parquet value say the same: equal text, or numbers within the CSV's rounding.</summary>
    private static bool CellsAgree(string column, string type, string csv, object? value)
    {
        if (value is null)
        {
            return csv.Length == 0;
        }

        if (type == "TIMESTAMP_NS")
        {
            int digits = csv.Contains('.', StringComparison.Ordinal) ? csv.Length - csv.IndexOf('.', StringComparison.Ordinal) - 2 : 0;
            return Timestamps.Iso(Convert.ToInt64(value, CultureInfo.InvariantCulture), digits) == csv;
        }

        if (type.EndsWith("[]", StringComparison.Ordinal))
        {
            string[] elements = ((string)value).Split(';', StringSplitOptions.RemoveEmptyEntries);
            string[] csvElements = column == "matching_retries2" ? ExpandRange(csv) : csv.Split(';', StringSplitOptions.RemoveEmptyEntries);
            return elements.Length == csvElements.Length
                && elements.Zip(csvElements).All(p => NumbersOrTextAgree(type.StartsWith("DOUBLE", StringComparison.Ordinal), p.Second, p.First));
        }

        return value switch
        {
            double d => NumbersAgree(csv, d),
            bool b => csv == (b ? "true" : "false"),
            _ => Convert.ToString(value, CultureInfo.InvariantCulture) == csv,
        };
    }

    private static bool NumbersOrTextAgree(bool numbers, string csv, string parquet) =>
        numbers ? NumbersAgree(csv, double.Parse(parquet, CultureInfo.InvariantCulture)) : csv == parquet;

    /// <summary>Equal within half a unit of the CSV's last digit (the CSV rounds; Parquet keeps the double).</summary>
    private static bool NumbersAgree(string csv, double value)
    {
        if (!double.TryParse(csv, NumberStyles.Float, CultureInfo.InvariantCulture, out double text))
        {
            return false;
        }

        int dot = csv.IndexOf('.', StringComparison.Ordinal);
        int decimals = dot < 0 ? 0 : csv.Length - dot - 1;
        return Math.Abs(text - value) <= (0.5 * Math.Pow(10, -decimals)) + 1e-9;
    }

    /// <summary>"3-4" → 3, 4; "3" → 3.</summary>
    private static string[] ExpandRange(string csv)
    {
        if (csv.Length == 0)
        {
            return [];
        }

        int[] ends = [.. csv.Split('-').Select(p => int.Parse(p, CultureInfo.InvariantCulture))];
        return [.. Enumerable.Range(ends[0], ends[^1] - ends[0] + 1).Select(v => v.ToString(CultureInfo.InvariantCulture))];
    }

    private static string Show(object? value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "null";
}
