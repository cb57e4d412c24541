using PcapSurvival.Core.Tcp;
using PcapSurvival.Reporting.Tables;

namespace PcapSurvival.Reporting.Csv;

/// <summary>connections.csv: one row per connection, written when the connection is finished; the columns are <see cref="ConnectionColumns"/>.</summary>
internal sealed class ConnectionsCsv(string directory) : IDisposable
{
    public static readonly string[] Header = TableCsv<Connection>.HeaderOf(ConnectionColumns.All);

    private readonly TableCsv<Connection> _table = new(directory, "connections.csv", ConnectionColumns.All);

    public void Write(string file, Connection c, int digits) => _table.Write(file, c, digits);

    public void Flush() => _table.Flush();

    public void Dispose() => _table.Dispose();
}
