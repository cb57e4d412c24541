using PcapSurvival.Reporting.Parquet;

namespace PcapSurvival.Reporting.Tables;

/// <summary>A Parquet column's buffer and how one row's value gets into it.</summary>
internal sealed record ColumnBuffer<TRow>(ParquetValues Values, Action<TRow> Add);
