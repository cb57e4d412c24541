namespace PcapSurvival.Capture;

/// <summary>A live capture device could not be opened or failed while capturing.</summary>
public sealed class CaptureDeviceException : Exception
{
    public CaptureDeviceException() { }

    public CaptureDeviceException(string message) : base(message) { }

    public CaptureDeviceException(string message, Exception inner) : base(message, inner) { }

    public CaptureDeviceException(CaptureError error, string interfaceName, string message, Exception? inner = null)
        : base(message, inner)
    {
        Error = error;
        InterfaceName = interfaceName;
    }

    public CaptureError Error { get; } = CaptureError.Failed;

    public string InterfaceName { get; } = "";

    /// <summary>For <see cref="CaptureError.NoSuchInterface"/>: the interfaces there are.</summary>
    public IReadOnlyList<string> Available { get; init; } = [];
}
