using PcapSurvival.Core.Outages;
using PcapSurvival.Reporting.Text;

namespace PcapSurvival.Reporting.Tables;

/// <summary>The columns of outages.csv and outages.parquet after <c>file</c>, in order (see <see cref="ConnectionColumns"/>).</summary>
internal static class OutageColumns
{
    public static readonly TableColumn<OutageRow>[] All =
    [
        new IntegerColumn<OutageRow>("stream", r => r.Connection.Stream),
        new TextColumn<OutageRow>("kind", r => OutageNames.Name(r.Outage.Kind)),
        new TimestampColumn<OutageRow>("start", r => r.Outage.StartNs),
        new TimestampColumn<OutageRow>("end", r => r.Outage.EndNs),
        new DurationColumn<OutageRow>("duration_s", r => r.Outage.EndNs - r.Outage.StartNs),
        new TextColumn<OutageRow>("side", r => OutageText.Side(r.Outage.ClientStalled)),
        new IntegerColumn<OutageRow>("retransmissions", r => r.Outage.Retransmissions),
        new DecimalListColumn<OutageRow>("backoff_s", r => r.Outage.BackoffSeconds(), "0.000"),
        new TimestampColumn<OutageRow>("network_back_after", r => r.Outage.NetworkBackAfterNs),
        new TimestampColumn<OutageRow>("network_back_by", r => r.Outage.NetworkBackByNs),
        new TextColumn<OutageRow>("ended_by", r => OutageNames.Name(r.Outage.EndedBy)),
        new DecimalColumn<OutageRow>("budget_s", r => r.Outage.BudgetSeconds, "0.0"),
        new DecimalColumn<OutageRow>("budget_used_pct", r => r.Outage.BudgetUsedPercent, "0.000"),
        new IntegerListColumn<OutageRow>("matching_retries2", r => OutageFacts.MatchingRetries2Values(r.Outage), r => OutageFacts.MatchingRetries2(r.Outage)),
        new TextColumn<OutageRow>("client", r => r.Connection.ClientText),
        new IntegerColumn<OutageRow>("client_port", r => r.Connection.ClientPort),
        new TextColumn<OutageRow>("server", r => r.Connection.ServerText),
        new IntegerColumn<OutageRow>("server_port", r => r.Connection.ServerPort),
        new TextColumn<OutageRow>("budget_setting", r => OutageFacts.BudgetSetting(r.Outage)),
    ];
}
