namespace PcapSurvival.Core.Sinks;

/// <summary>
/// What a live capture took from the interface and lost on the way: packets the kernel ring had no room for (kernel),
/// the interface itself dropped (interface), and the analysis skipped because its queue was full (the file still got
/// those). A file's analysis has none.
/// </summary>
public sealed record CaptureDrops(long Captured, long Kernel, long Interface, long AnalysisQueue);
