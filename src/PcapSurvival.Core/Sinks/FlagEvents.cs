using PcapSurvival.Core.Decoding;
using PcapSurvival.Core.Tcp;

namespace PcapSurvival.Core.Sinks;

/// <summary>Turns the analysis flags of one packet into events, one a flag, with what each flag's detail needs.</summary>
internal static class FlagEvents
{
    public static void Report(
        IAnalysisSink sink, Connection connection, in FlowState sender, in TcpSegment segment, bool fromClient, AnalysisFlags flags,
        long frame, long now, uint previousNextSeq, int dupAckNumber, long previousStream, uint relativeAck)
    {
        uint relativeSeq = sender.RelativeSequence(segment.Sequence);
        for (int i = 0; i < AnalysisFlagNames.Entries.Length; i++)
        {
            var flag = AnalysisFlagNames.Entries[i].Flag;
            if ((flags & flag) == 0)
            {
                continue;
            }

            long number = 0;
            long relatedFrame = 0;
            long delay = 0;
            switch (flag)
            {
                case AnalysisFlags.Retransmission:
                case AnalysisFlags.FastRetransmission:
                case AnalysisFlags.SpuriousRetransmission:
                case AnalysisFlags.OutOfOrder:
                    if (sender.InFlight.TryFindFirstSent(segment.Sequence, out long firstSent, out relatedFrame))
                    {
                        delay = now - firstSent;
                    }

                    break;
                case AnalysisFlags.LostSegment:
                    number = segment.Sequence - previousNextSeq;
                    break;
                case AnalysisFlags.AckLostSegment:
                    number = relativeAck;
                    break;
                case AnalysisFlags.DuplicateAck:
                    number = dupAckNumber;
                    relatedFrame = sender.LastNonDupAckFrame;
                    break;
                case AnalysisFlags.WindowUpdate:
                    number = segment.Window;
                    break;
                case AnalysisFlags.ReusedPorts:
                    number = previousStream;
                    break;
            }

            sink.Event(new EventRecord(frame, now, connection, EventKind.Analysis, fromClient, flag,
                RelativeSeq: relativeSeq, PayloadLength: segment.PayloadLength, Number: number, RelatedFrame: relatedFrame, DelayNs: delay));
        }
    }
}
