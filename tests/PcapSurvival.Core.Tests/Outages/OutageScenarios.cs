using PcapSurvival.Testing;

namespace PcapSurvival.Core.Tests.Outages;

/// <summary>Conversations with outages, written as segments the way a client-side capture would show them.</summary>
internal static class OutageScenarios
{
    /// <summary>A handshake then a keystroke every 100 ms, each echoed by the server, for <paramref name="count"/> keystrokes.</summary>
    public static Scenario Typing(int count = 20, uint startSeq = 1, double startMs = 100)
    {
        var scenario = Scenario.Start().Handshake();
        return Continue(scenario, count, startSeq, startMs);
    }

    public static Scenario Continue(Scenario scenario, int count, uint startSeq, double startMs)
    {
        for (int i = 0; i < count; i++)
        {
            uint seq = startSeq + (uint)(i * 36);
            double at = startMs + (i * 100);
            scenario.Client(at, seq, seq, len: 36, flags: "PA")
                .Server(at + 1, seq, seq + 36, len: 36, flags: "PA")
                .Client(at + 1.1, seq + 36, seq + 36);
        }

        return scenario;
    }

    /// <summary>
    /// Typing, then a keystroke at 2100 ms that the network loses: retransmitted with Linux's backoff at
    /// +0.2, +0.6, +1.4, +3.0, +6.2 s; the last one gets through and is echoed.
    /// </summary>
    public static Scenario SurvivedLinkBounce()
    {
        var scenario = Typing();
        uint seq = 1 + (20 * 36);
        scenario.Client(2100, seq, seq, len: 36, flags: "PA");
        foreach (double delay in new[] { 200, 600, 1400, 3000, 6200 })
        {
            scenario.Client(2100 + delay, seq, seq, len: 36, flags: "PA");
        }

        return scenario.Server(8301, seq, seq + 36, len: 36, flags: "PA").Client(8302, seq + 36, seq + 36);
    }
}
