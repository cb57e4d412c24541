using System.Buffers.Binary;
using LinkType = PcapSurvival.Core.Reading.LinkType;
using PacketDotNet;
using PcapSurvival.Core.Decoding;
using PcapSurvival.Core.Pipeline;
using SharpPcap;
using SharpPcap.LibPcap;

namespace PcapSurvival.Capture;

/// <summary>
/// A BPF filter (tcpdump syntax) run in user space over packets read from files, compiled by libpcap once
/// per link type, since a pcapng file can mix link types. One thread at a time.
/// </summary>
public sealed class BpfPacketFilter : IPacketFilter, IDisposable
{
    private readonly string _expression;
    private readonly Dictionary<LinkType, BpfProgram> _programs = [];

    // BSD loopback frames are copied here to rewrite their address family (see WithLinuxFamily); grows to the snaplen.
    private byte[] _loopbackCopy = [];

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

    public bool Matches(LinkType linkType, ReadOnlySpan<byte> frame, int originalLength)
    {
        var program = ProgramFor(linkType);
        return linkType is LinkType.Null or LinkType.Loop && frame.Length >= 4
            ? program.Matches(WithLinuxFamily(linkType, frame))
            : program.Matches(frame);
    }

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
            program = BpfProgram.Create(DltOf(linkType), _expression, 1, 0);
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

    /// <summary>
    /// libpcap compiles for its DLT_ values, which differ from the link types written in files for raw IP: files say
    /// 101 (or OpenBSD's 14), and Linux's libpcap calls it 12 (libpcap's linktype_to_dlt does the same for a file).
    /// </summary>
    private static LinkLayers DltOf(LinkType linkType) => linkType switch
    {
        LinkType.Raw or LinkType.RawAlternative => (LinkLayers)(int)LinkType.RawLegacy,
        _ => (LinkLayers)(int)linkType,
    };

    /// <summary>
    /// A BSD loopback frame with its address family as this machine's libpcap looks for it. Compiled without a file,
    /// "ip6" (so "tcp" too) checks Linux's AF_INET6, 10, in host byte order (network order for LOOP), whereas a capture
    /// from a BSD or a Mac has 24, 28 or 30, in the byte order of the machine that made it; tcpdump reading the file
    /// accepts all of those, and either byte order. So the family is rewritten, in a copy, the way libpcap expects it.
    /// </summary>
    private ReadOnlySpan<byte> WithLinuxFamily(LinkType linkType, ReadOnlySpan<byte> frame)
    {
        uint family = BinaryPrimitives.ReadUInt32LittleEndian(frame);
        if (family > 0xFFFF)
        {
            family = BinaryPrimitives.ReverseEndianness(family);
        }

        uint linuxFamily = family is 24 or 28 or 30 ? 10u : family;
        if (_loopbackCopy.Length < frame.Length)
        {
            _loopbackCopy = new byte[Math.Max(frame.Length, 2 * _loopbackCopy.Length)];
        }

        var copy = _loopbackCopy.AsSpan(0, frame.Length);
        frame.CopyTo(copy);
        if (linkType == LinkType.Loop || !BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(copy, linuxFamily);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(copy, linuxFamily);
        }

        return copy;
    }
}
