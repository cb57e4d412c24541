using PcapSurvival.Testing;

namespace PcapSurvival.Core.Tests.Tcp;

public class SequenceAnalysisTests
{
    [Theory]
    [MemberData(nameof(AnalysisCases.Names), MemberType = typeof(AnalysisCases))]
    public void Analysis_FlagsEachFrameAsTheTableSays(string name)
    {
        var @case = AnalysisCases.Get(name);

        var result = @case.Build().Run();

        Assert.Equal(@case.Expected.OrderBy(e => e.Key), result.FlaggedFrames().OrderBy(e => e.Key));
    }

    [Theory]
    [MemberData(nameof(AnalysisCases.Names), MemberType = typeof(AnalysisCases))]
    public void Tshark_AgreesWithTheTable(string name)
    {
        Assert.SkipUnless(TsharkOracle.IsAvailable, TsharkOracle.SkipReason);
        var @case = AnalysisCases.Get(name);

        var tshark = TsharkOracle.Flags(@case.Build().ToPcap());

        Assert.Equal(@case.Expected.OrderBy(e => e.Key), tshark.OrderBy(e => e.Key));
    }
}
