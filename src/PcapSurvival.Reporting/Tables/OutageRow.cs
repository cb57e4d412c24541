using PcapSurvival.Core.Outages;
using PcapSurvival.Core.Tcp;

namespace PcapSurvival.Reporting.Tables;

/// <summary>A row of the outages table: an outage and the connection it happened to.</summary>
internal readonly record struct OutageRow(Connection Connection, Outage Outage);
