using PcapSurvival.Core.Pipeline;
using PcapSurvival.Core.Sinks;
using PcapSurvival.Core.Tcp;

namespace PcapSurvival.Testing;

/// <summary>What the pipeline made of a scenario.</summary>
public sealed class ScenarioResult(RecordingSink sink, FileStatistics statistics)
{
    public RecordingSink Sink { get; } = sink;

    public FileStatistics Statistics { get; } = statistics;

    public IReadOnlyList<Connection> Connections => Sink.Connections;

    /// <summary>The analysis names of one frame, ';'-joined in output order ("" when none).</summary>
    public string FlagsOf(long frame)
    {
        var packet = Sink.Packets.Single(p => p.Frame == frame);
        Span<char> text = stackalloc char[AnalysisFlagNames.MaxFormattedLength];
        return new string(text[..AnalysisFlagNames.Format(packet.Analysis, text)]);
    }

    /// <summary>Every frame that got at least one flag, with its flags.</summary>
    public IDictionary<long, string> FlaggedFrames() =>
        Sink.Packets.Where(p => p.Analysis != AnalysisFlags.None).ToDictionary(p => p.Frame, p => FlagsOf(p.Frame));
}
