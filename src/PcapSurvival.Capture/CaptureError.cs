namespace PcapSurvival.Capture;

/// <summary>Why a live capture could not start (or went on no longer).</summary>
public enum CaptureError
{
    NoSuchInterface,

    /// <summary>Neither root nor CAP_NET_RAW.</summary>
    PermissionDenied,
    InterfaceDown,

    /// <summary>Anything else libpcap refused; the message carries its words.</summary>
    Failed,
}
