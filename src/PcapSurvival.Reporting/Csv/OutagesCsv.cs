using PcapSurvival.Core.Outages;
using PcapSurvival.Core.Tcp;
using PcapSurvival.Reporting.Tables;

namespace PcapSurvival.Reporting.Csv;

/// <summary>outages.csv: one row per outage, written when it ends; the columns are <see cref="OutageColumns"/>.</summary>
internal sealed class OutagesCsv(string directory) : IDisposable
{
    public static readonly string[] Header = TableCsv<OutageRow>.HeaderOf(OutageColumns.All);

    private readonly TableCsv<OutageRow> _table = new(directory, "outages.csv", OutageColumns.All);

    public void Write(string file, Connection connection, Outage outage, int digits) => _table.Write(file, new OutageRow(connection, outage), digits);

    public void Flush() => _table.Flush();

    public void Dispose() => _table.Dispose();
}
