namespace PcapSurvival.Capture;

/// <summary>libpcap could not be loaded: live capture and BPF filters need it.</summary>
public sealed class LibpcapMissingException : Exception
{
    public const string Advice = "libpcap is not installed: install libpcap0.8 (Debian, Ubuntu; libpcap0.8t64 on newer releases) or libpcap (RHEL, Fedora)";

    public LibpcapMissingException() : base(Advice) { }

    public LibpcapMissingException(string message) : base(message) { }

    public LibpcapMissingException(string message, Exception inner) : base(message, inner) { }

    public LibpcapMissingException(Exception inner) : base(Advice, inner) { }
}
