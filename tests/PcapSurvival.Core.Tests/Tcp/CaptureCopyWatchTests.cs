using PcapSurvival.Core.Decoding;
using PcapSurvival.Core.Tcp;

namespace PcapSurvival.Core.Tests.Tcp;

/// <summary>What counts as the second capture of one packet (tcpdump -i any on a router), and what stays a packet of its own.</summary>
public class CaptureCopyWatchTests
{
    private const long Ms = 1_000_000;

    [Fact]
    public void TheSamePacket_AtAnotherCapturePoint_IsACopy()
    {
        var watch = default(CaptureCopyWatch);

        Assert.False(watch.IsCopy(Segment(ipId: 7, point: 1), 0));
        Assert.True(watch.IsCopy(Segment(ipId: 7, point: 5), 20_000));
    }

    [Fact]
    public void TheSamePacket_AtTheSamePoint_OrWithANewIpId_IsNotACopy()
    {
        var watch = default(CaptureCopyWatch);
        Assert.False(watch.IsCopy(Segment(ipId: 7, point: 1), 0));

        Assert.False(watch.IsCopy(Segment(ipId: 7, point: 1), 1 * Ms)); // captured twice at one point: a retransmission as tshark sees it
        Assert.False(watch.IsCopy(Segment(ipId: 8, point: 5), 2 * Ms)); // a real retransmission carries a new IP ID
    }

    [Fact]
    public void QueuedCopies_AreRecognised_UpToTheNeighbourResolutionTime_ButWithoutAnIpIdOnlyWithinMilliseconds()
    {
        var watch = default(CaptureCopyWatch);
        for (ushort id = 1; id <= 3; id++)
        {
            Assert.False(watch.IsCopy(Segment(ipId: id, point: 1), id * Ms));
        }

        // Released together by the router's neighbour queue, two seconds later.
        for (ushort id = 1; id <= 3; id++)
        {
            Assert.True(watch.IsCopy(Segment(ipId: id, point: 5), 2000 * Ms + id));
        }

        Assert.False(watch.IsCopy(Segment(ipId: 9, point: 1), 3000 * Ms));
        Assert.False(watch.IsCopy(Segment(ipId: 9, point: 5), 3000 * Ms + CaptureCopyWatch.MaxQueuedNs + 1));

        var ipv6 = default(CaptureCopyWatch);
        Assert.False(ipv6.IsCopy(Segment(ipId: 0, point: 1), 0));
        Assert.True(ipv6.IsCopy(Segment(ipId: 0, point: 5), CaptureCopyWatch.MaxDelayNs));
        Assert.False(ipv6.IsCopy(Segment(ipId: 0, point: 9), CaptureCopyWatch.MaxDelayNs + 1));
    }

    [Fact]
    public void WhereThePointNamesNoInterface_TheSamePacketAtTheSamePoint_IsACopyOnlyWithinMilliseconds()
    {
        // SLL v1 on a bridge: two ports both give "other host", the one point SLL can tell.
        uint otherHost = CaptureCopyWatch.InterfaceUnknown | 4;
        var watch = default(CaptureCopyWatch);
        Assert.False(watch.IsCopy(Segment(ipId: 7, point: otherHost), 0));

        Assert.True(watch.IsCopy(Segment(ipId: 7, point: otherHost), CaptureCopyWatch.MaxDelayNs));
        Assert.False(watch.IsCopy(Segment(ipId: 7, point: otherHost), CaptureCopyWatch.MaxDelayNs + 1));
        Assert.False(watch.IsCopy(Segment(ipId: 0, point: otherHost), 2 * CaptureCopyWatch.MaxDelayNs));
        Assert.False(watch.IsCopy(Segment(ipId: 0, point: otherHost), 2 * CaptureCopyWatch.MaxDelayNs + 1)); // no IP ID: same point, never
    }

    [Fact]
    public void WithoutCapturePoints_NothingIsACopy()
    {
        var watch = default(CaptureCopyWatch);

        Assert.False(watch.IsCopy(Segment(ipId: 7, point: 0), 0));
        Assert.False(watch.IsCopy(Segment(ipId: 7, point: 0), 1));
    }

    private static TcpSegment Segment(ushort ipId, uint point) => new()
    {
        IpId = ipId, CapturePoint = point, Sequence = 1000, Acknowledgment = 2000, PayloadLength = 60,
        Flags = TcpFlags.Ack | TcpFlags.Psh, Window = 75,
    };
}
