using PcapSurvival.Core.Outages;
using PcapSurvival.Core.Tests.Outages;
using PcapSurvival.Core.Verdicts;
using PcapSurvival.Testing;

namespace PcapSurvival.Core.Tests.Verdicts;

/// <summary>
/// Issue 16 item 9, silence until the capture ends, from what tells when the capture stopped; and a silence in a
/// connection picked up midstream, told from the pace after it.
/// </summary>
public class CaptureEndVerdictTests
{
    private const long Ms = 1_000_000;

    // OutageScenarios.Typing(): keystrokes every 100 ms from 100 ms, each echoed and acknowledged: the last packet,
    // the client's ACK, at 2001.1 ms, leaves nothing owed.
    private const double LastPacketMs = 2001.1;

    [Fact]
    public void BusyUntilTheCaptureStopped_NothingOwed_WholeCaptureSilent_Stalled()
    {
        var connection = Assert.Single(OutageScenarios.Typing().Track(stoppedAtMs: 6000).Connections);

        Assert.Equal(Verdict.Stalled, connection.Verdict);
        Assert.Equal(Caveat.SilentUntilEnd, CaptureCaveats.Of(connection));
        var outage = Assert.Single(connection.Outages);
        Assert.Equal(OutageKind.Silence, outage.Kind);
        Assert.True(outage.CaptureSilent);
        Assert.Equal(0, outage.OwedBytes);
        Assert.Equal(Scenario.StartNs + (long)(LastPacketMs * Ms), outage.StartNs);
        Assert.Equal(Scenario.StartNs + (6000 * Ms), outage.EndNs);
    }

    [Fact]
    public void BusyUntilTheLastPacket_NoStopTimeKnown_Unaffected()
    {
        var connection = Assert.Single(OutageScenarios.Typing().Track().Connections);

        Assert.Equal(Verdict.Unaffected, connection.Verdict);
        Assert.Empty(connection.Outages);
    }

    [Fact]
    public void StoppedSoonAfter_ShorterThanMinOutage_Unaffected()
    {
        var connection = Assert.Single(OutageScenarios.Typing().Track(stoppedAtMs: LastPacketMs + 900).Connections);

        Assert.Equal(Verdict.Unaffected, connection.Verdict);
    }

    [Fact]
    public void DataHadStoppedBeforeTheSilence_IdleNotCutOff_Unaffected()
    {
        // After the typing, only an ACK exchange a second later: no data at the connection's pace when it went quiet.
        var scenario = OutageScenarios.Typing().Client(3000, 721, 721).Server(3001, 721, 721);

        var connection = Assert.Single(scenario.Track(stoppedAtMs: 9000).Connections);

        Assert.Equal(Verdict.Unaffected, connection.Verdict);
    }

    [Fact]
    public void PausedWhileOtherTrafficWentOn_NothingOwed_Unaffected()
    {
        // Another connection's packet 5 s after the typing: the capture point was not cut off, the session paused.
        var typing = OutageScenarios.Typing();
        var other = Scenario.Start(clientPort: 40001).Handshake();

        var result = Scenario.Analyze(PcapFileBuilder.Build([.. typing.Packets(0), .. other.Packets(7000)], nanoseconds: true));

        Assert.Equal(Verdict.Unaffected, result.Connections.Single(c => c.ClientPort == 40000).Verdict);
    }

    [Theory]
    [InlineData(9, 1_000_000_000)] // isb_endtime in the interface's nanoseconds, as the pcapng specification says
    [InlineData(9, 1_000_000)] // dumpcap 4.0: microseconds, although its interface says nanoseconds
    [InlineData(6, 1_000_000)]
    public void PcapngStatisticsBlock_SaysWhenTheCaptureStopped_Stalled(byte resolution, long ticksPerSecond)
    {
        long stoppedNs = Scenario.StartNs + (6000 * Ms);
        var builder = new PcapNgBuilder().Section().Interface(1, resolution);
        foreach (var packet in OutageScenarios.Typing().Packets(0))
        {
            builder.Enhanced(packet);
        }

        builder.Other(5, StatisticsBlock(stoppedNs / (1_000_000_000 / ticksPerSecond)));

        var result = Scenario.Analyze(builder.Build());

        var connection = Assert.Single(result.Connections);
        Assert.Equal(Verdict.Stalled, connection.Verdict);
        Assert.Equal(stoppedNs, Assert.Single(connection.Outages).EndNs);
    }

    [Fact]
    public void MidstreamOutput_SilenceThenTheBacklogOfThePaceAfterIt_Survived()
    {
        // Picked up midstream: one line of the server (68 bytes every 500 ms), a 6.4 s silence, then 12 lines at once
        // and the pace again. Too little came before the silence to know the pace: it is measured after.
        var scenario = Scenario.Start().Server(0, 1, 1, len: 68, flags: "PA").Client(1, 1, 69);
        uint seq = 69;
        scenario.Server(6400, seq, 1, len: 12 * 68, flags: "PA").Client(6401, 1, seq + (12 * 68));
        seq += 12 * 68;
        for (int i = 1; i <= 6; i++, seq += 68)
        {
            scenario.Server(6400 + (i * 500), seq, 1, len: 68, flags: "PA").Client(6401 + (i * 500), 1, seq + 68);
        }

        var connection = Assert.Single(scenario.Track().Connections);

        Assert.Equal(Verdict.Survived, connection.Verdict);
        var outage = Assert.Single(connection.Outages);
        Assert.Equal(OutageKind.Silence, outage.Kind);
        Assert.False(outage.ClientStalled);
        Assert.Equal(12 * 68, outage.BacklogBytes);
        Assert.Equal(Scenario.StartNs + (1 * Ms), outage.StartNs);
        Assert.Equal(Scenario.StartNs + (6400 * Ms), outage.EndNs);
    }

    [Theory]
    [InlineData(2)] // far less than the pace would have carried in 6.4 s: a pause, then a little more output
    [InlineData(40)] // far more: a large write after a pause, not a queue of paced lines
    public void MidstreamOutput_BurstUnlikeThePace_NoOutage(int lines)
    {
        var scenario = Scenario.Start().Server(0, 1, 1, len: 68, flags: "PA").Client(1, 1, 69);
        uint seq = 69;
        scenario.Server(6400, seq, 1, len: lines * 68, flags: "PA").Client(6401, 1, seq + (uint)(lines * 68));
        seq += (uint)(lines * 68);
        for (int i = 1; i <= 6; i++, seq += 68)
        {
            scenario.Server(6400 + (i * 500), seq, 1, len: 68, flags: "PA").Client(6401 + (i * 500), 1, seq + 68);
        }

        var connection = Assert.Single(scenario.Track().Connections);

        Assert.Equal(Verdict.Unaffected, connection.Verdict);
    }

    /// <summary>An interface statistics block for interface 0 whose isb_endtime is <paramref name="endTicks"/>.</summary>
    private static byte[] StatisticsBlock(long endTicks)
    {
        var body = new MemoryStream();
        using var write = new BinaryWriter(body); // little-endian, as the section
        write.Write(0u); // interface
        write.Write((uint)((ulong)endTicks >> 32)); // the block's own timestamp, high word first
        write.Write((uint)endTicks);
        write.Write((ushort)3); // isb_endtime, 8 bytes: high word, then low word
        write.Write((ushort)8);
        write.Write((uint)((ulong)endTicks >> 32));
        write.Write((uint)endTicks);
        write.Write(0u); // end of options
        write.Flush();
        return body.ToArray();
    }
}
