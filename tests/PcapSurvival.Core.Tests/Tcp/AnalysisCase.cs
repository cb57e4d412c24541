using PcapSurvival.Testing;

namespace PcapSurvival.Core.Tests.Tcp;

/// <summary>A table of segments and the flags each frame must get (frames not listed get none).</summary>
public sealed record AnalysisCase(string Name, Func<Scenario> Build, IReadOnlyDictionary<long, string> Expected)
{
    public override string ToString() => Name;
}
