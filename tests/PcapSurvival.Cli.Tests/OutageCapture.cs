using PcapSurvival.Testing;

namespace PcapSurvival.Cli.Tests;

/// <summary>Small captures built from scenarios, for command-line tests that need known content.</summary>
internal static class OutageCapture
{
    /// <summary>An SSH session whose keystroke is retransmitted with backoff for 6.2 s, then echoed.</summary>
    public static byte[] SurvivedLinkBounce()
    {
        var scenario = Scenario.Start().Handshake();
        for (int i = 0; i < 20; i++)
        {
            uint seq = 1 + (uint)(i * 36);
            scenario.Client(100 + (i * 100), seq, seq, len: 36, flags: "PA").Server(101 + (i * 100), seq, seq + 36, len: 36, flags: "PA");
        }

        uint lost = 1 + (20 * 36);
        scenario.Client(2100, lost, lost, len: 36, flags: "PA");
        foreach (double delay in new[] { 200, 600, 1400, 3000, 6200 })
        {
            scenario.Client(2100 + delay, lost, lost, len: 36, flags: "PA");
        }

        return scenario.Server(8301, lost, lost + 36, len: 36, flags: "PA").ToPcap();
    }
}
