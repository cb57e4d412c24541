using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using SharpPcap.LibPcap;

namespace PcapSurvival.Capture;

/// <summary>The devices libpcap can capture on (pcap_findalldevs), in libpcap's order.</summary>
public static class CaptureInterfaces
{
    // pcap_if_t flags (pcap/pcap.h).
    private const uint LoopbackFlag = 0x1;
    private const uint UpFlag = 0x2;
    private const uint RunningFlag = 0x4;

    /// <exception cref="LibpcapMissingException">libpcap is not installed.</exception>
    public static IReadOnlyList<CaptureInterface> List()
    {
        var devices = Devices();
        var networkInterfaces = NetworkInterface.GetAllNetworkInterfaces().Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        var list = new List<CaptureInterface>(devices.Count);
        for (int i = 0; i < devices.Count; i++)
        {
            var device = devices[i];
            uint flags = device.Flags;
            list.Add(new CaptureInterface(
                i + 1, device.Name, string.IsNullOrWhiteSpace(device.Description) ? null : device.Description,
                (flags & UpFlag) != 0, (flags & RunningFlag) != 0, (flags & LoopbackFlag) != 0, Addresses(device.Addresses),
                networkInterfaces.Contains(device.Name)));
        }

        return list;
    }

    /// <summary>A fresh device list (not SharpPcap's shared singleton).</summary>
    /// <exception cref="LibpcapMissingException">libpcap is not installed.</exception>
    internal static LibPcapLiveDeviceList Devices()
    {
        try
        {
            return LibPcapLiveDeviceList.New();
        }
        catch (Exception e) when (IsLibpcapMissing(e))
        {
            throw new LibpcapMissingException(e);
        }
    }

    /// <summary>SharpPcap's first native call fails with DllNotFoundException, sometimes inside a type initializer.</summary>
    internal static bool IsLibpcapMissing(Exception e) =>
        e is DllNotFoundException || (e is TypeInitializationException { InnerException: { } inner } && IsLibpcapMissing(inner));

    private static List<string> Addresses(IEnumerable<PcapAddress> addresses)
    {
        var ips = new List<string>();
        string? hardware = null;
        foreach (var address in addresses)
        {
            var addr = address.Addr;
            if (addr?.ipAddress is { } ip && ip.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
            {
                string text = WithoutScope(ip);
                ips.Add(address.Netmask?.ipAddress is { } mask ? $"{text}/{PrefixLength(mask)}" : text);
            }
            else if (addr?.hardwareAddress is { } mac && mac.GetAddressBytes().Any(b => b != 0))
            {
                hardware ??= FormatMac(mac);
            }
        }

        if (hardware is not null)
        {
            ips.Add(hardware);
        }

        return ips;
    }

    private static string WithoutScope(IPAddress ip)
    {
        string text = ip.ToString();
        int percent = text.IndexOf('%', StringComparison.Ordinal);
        return percent < 0 ? text : text[..percent];
    }

    private static int PrefixLength(IPAddress mask)
    {
        int bits = 0;
        foreach (byte b in mask.GetAddressBytes())
        {
            bits += System.Numerics.BitOperations.PopCount(b);
        }

        return bits;
    }

    private static string FormatMac(PhysicalAddress mac) =>
        string.Join(':', mac.GetAddressBytes().Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
}
