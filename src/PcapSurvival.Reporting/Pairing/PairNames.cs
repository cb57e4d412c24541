using PcapSurvival.Core.Pairing;

namespace PcapSurvival.Reporting.Pairing;

/// <summary>The words of the pair tables: the same in CSV, JSON and the report.</summary>
public static class PairNames
{
    public static string Point(CapturePoint point) => point == CapturePoint.A ? "a" : "b";

    public static string Point(CapturePoint? point) => point is { } known ? Point(known) : "";

    public static string Direction(bool fromClient) => fromClient ? "c2s" : "s2c";

    public static string Kind(PathLossKind kind) => kind switch
    {
        PathLossKind.LostBetween => "lost_between",
        PathLossKind.CaptureLossDownstream => "capture_loss_downstream",
        PathLossKind.CaptureLossUpstream => "capture_loss_upstream",
        _ => "sent_between",
    };

    /// <summary>Nanoseconds as milliseconds, or null.</summary>
    public static double? Milliseconds(long? ns) => ns / 1e6;
}
