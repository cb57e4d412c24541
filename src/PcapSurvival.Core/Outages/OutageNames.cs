namespace PcapSurvival.Core.Outages;

public static class OutageNames
{
    public static string Name(OutageKind kind) => kind == OutageKind.Retransmission ? "retransmission" : "silence";

    public static string Name(OutageEnding ending) => ending switch
    {
        OutageEnding.Recovered => "recovered",
        OutageEnding.Reset => "reset",
        OutageEnding.Fin => "fin",
        OutageEnding.GaveUp => "gave_up",
        OutageEnding.CaptureEnd => "capture_end",
        _ => ending.ToString(),
    };
}
