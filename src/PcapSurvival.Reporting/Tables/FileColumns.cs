using PcapSurvival.Core.Sinks;

namespace PcapSurvival.Reporting.Tables;

/// <summary>
/// The columns of files.csv and files.parquet after <c>file</c>: one row per input, with what the other tables cannot
/// say row by row (how many packets were read, how many connections were evicted early to stay under
/// --max-connections, where a damaged file stopped).
/// </summary>
internal static class FileColumns
{
    public static readonly TableColumn<FileStatistics>[] All =
    [
        new IntegerColumn<FileStatistics>("packets", s => s.Packets),
        new IntegerColumn<FileStatistics>("tcp_packets", s => s.TcpPackets),
        new IntegerColumn<FileStatistics>("filtered", s => s.Filtered),
        new IntegerColumn<FileStatistics>("connections", s => s.Connections),
        new IntegerColumn<FileStatistics>("evicted_connections", s => s.EvictedConnections),
        new TimestampColumn<FileStatistics>("first_packet", s => s.Packets > 0 ? s.FirstTimestampNs : null),
        new TimestampColumn<FileStatistics>("last_packet", s => s.Packets > 0 ? s.LastTimestampNs : null),
        new TextColumn<FileStatistics>("fault", s => s.Fault?.Message),
    ];
}
