using PacketDotNet;
using PcapSurvival.Core.Pipeline;
using SharpPcap;
using SharpPcap.LibPcap;
using LinkType = PcapSurvival.Core.Reading.LinkType;

namespace PcapSurvival.Capture;

/// <summary>
/// A BPF filter (tcpdump syntax) run in user space over packets read from files, compiled by libpcap once
/// per link type, since a pcapng file can mix link types.
/// </summary>
public sealed class BpfPacketFilter : IPacketFilter, IDisposable
{
    private readonly string _expression;
    private readonly Dictionary<LinkType, BpfProgram> _programs = [];

    private BpfPacketFilter(string expression) => _expression = expression;

    public string Expression => _expression;

    /// <summary>Compiles <paramref name="expression"/> for Ethernet to check it before any file is read.</summary>
    /// <exception cref="BpfFilterException">The expression does not compile.</exception>
    /// <exception cref="LibpcapMissingException">libpcap is not installed.</exception>
    public static BpfPacketFilter Create(string expression)
    {
        var filter = new BpfPacketFilter(expression);
        filter.ProgramFor(LinkType.Ethernet);
        return filter;
    }

    public bool Matches(LinkType linkType, ReadOnlySpan<byte> frame, int originalLength) => ProgramFor(linkType).Matches(frame);

    public void Dispose()
    {
        foreach (var program in _programs.Values)
        {
            program.Dispose();
        }

        _programs.Clear();
    }

    private BpfProgram ProgramFor(LinkType linkType)
    {
        if (_programs.TryGetValue(linkType, out var program))
        {
            return program;
        }

        try
        {
            program = BpfProgram.Create((LinkLayers)(int)linkType, _expression, 1, 0);
        }
        catch (DllNotFoundException e)
        {
            throw new LibpcapMissingException(e);
        }
        catch (PcapException e)
        {
            throw new BpfFilterException(_expression, e.Message, e);
        }

        _programs[linkType] = program;
        return program;
    }
}
