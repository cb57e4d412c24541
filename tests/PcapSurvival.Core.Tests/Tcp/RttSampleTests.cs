using PcapSurvival.Core.Tcp;

namespace PcapSurvival.Core.Tests.Tcp;

/// <summary>
/// Which acknowledgments give a round-trip sample (tcptrace's rules): the acknowledgment of exactly a segment's end,
/// never of a segment sent twice (Karn), and never when data before it was sent again after it (the acknowledgment
/// may answer that retransmission's arrival).
/// </summary>
public sealed class RttSampleTests
{
    [Fact]
    public void AckOfASegmentsEnd_GivesTheTimeSinceItsFirstTransmission()
    {
        var ring = Ring((100, 0), (200, 10));

        Assert.True(ring.TryGetRttSample(200, out long sent));
        Assert.Equal(10, sent);
        Assert.False(ring.TryGetRttSample(150, out _)); // inside a segment: a cumulative acknowledgment, no sample
    }

    [Fact]
    public void SegmentSentAgain_GivesNoSample()
    {
        var ring = Ring((100, 0), (200, 10));
        ring.MarkRetransmitted(100);

        Assert.False(ring.TryGetRttSample(200, out _));
        Assert.True(ring.TryGetRttSample(100, out _));
    }

    [Fact]
    public void DataBeforeItSentAgainAfterIt_GivesNoSample()
    {
        // 0-100 and 100-200 sent, 0-100 lost and sent again: the acknowledgment of 200 answers the retransmission's
        // arrival, so 200's time since first transmission would be the retransmission timeout, not a round trip.
        var ring = Ring((100, 0), (200, 10));
        ring.MarkRetransmitted(0);

        Assert.False(ring.TryGetRttSample(200, out _));
    }

    [Fact]
    public void DataSentAfterARetransmission_GivesSamplesAgain()
    {
        var ring = Ring((100, 0));
        ring.MarkRetransmitted(0);
        ring.Sent(200, 20, 2);

        Assert.True(ring.TryGetRttSample(200, out long sent));
        Assert.Equal(20, sent);
    }

    private static InFlightSegments Ring(params (uint End, long Time)[] segments)
    {
        var ring = default(InFlightSegments);
        foreach (var (end, time) in segments)
        {
            ring.Sent(end, time, time);
        }

        return ring;
    }
}
