using PcapSurvival.Core.Sinks;

namespace PcapSurvival.Cli.Commands;

/// <summary>What a command run was asked to write, from the options that analyze and capture share.</summary>
internal sealed record OutputRequest(
    DirectoryInfo? Csv,
    DirectoryInfo? Parquet,
    string? Json,
    int MaxRows,
    ConnectionSelection? Selection,
    DirectoryInfo? Plot = null,
    bool PlotAll = false);
