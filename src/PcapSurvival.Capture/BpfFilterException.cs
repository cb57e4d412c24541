namespace PcapSurvival.Capture;

/// <summary>A BPF expression libpcap could not compile; the message carries the expression and libpcap's words.</summary>
public sealed class BpfFilterException : Exception
{
    public BpfFilterException() { }

    public BpfFilterException(string message) : base(message) { }

    public BpfFilterException(string message, Exception inner) : base(message, inner) { }

    public BpfFilterException(string expression, string libpcapMessage, Exception inner)
        : base($"bad filter \"{expression}\": {libpcapMessage}", inner)
    {
        Expression = expression;
    }

    public string? Expression { get; }
}
