using System.Globalization;
using PcapSurvival.Core.Outages;
using PcapSurvival.Core.Reading;
using PcapSurvival.Core.Sinks;
using PcapSurvival.Core.Tcp;

namespace PcapSurvival.Reporting.Text;

/// <summary>The detail column of an event, in words. Formats into a span so that writing events allocates nothing.</summary>
public static class EventText
{
    public const int MaxLength = 512;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Format(in EventRecord record)
    {
        Span<char> buffer = stackalloc char[MaxLength];
        return new string(buffer[..Format(record, buffer)]);
    }

    /// <summary>Writes the detail into <paramref name="destination"/> (at least <see cref="MaxLength"/> chars) and returns its length.</summary>
    public static int Format(in EventRecord record, Span<char> destination)
    {
        string side = OutageText.Side(record.FromClient);
        int written;
        bool ok = record.Kind switch
        {
            EventKind.Rst or EventKind.Fin => destination.TryWrite(Invariant, $"from {side}", out written),
            EventKind.State when record.Number == 1 && record.Connection.Midstream =>
                destination.TryWrite(Invariant, $"new connection picked up midstream: {ConnectionStateNames.Name(record.State)}", out written),
            EventKind.State when record.Number == 1 =>
                destination.TryWrite(Invariant, $"new connection: {ConnectionStateNames.Name(record.State)}", out written),
            EventKind.State => destination.TryWrite(Invariant, $"{ConnectionStateNames.Name(record.State)}", out written),
            EventKind.OutageStart => destination.TryWrite(Invariant, $"{OutageNames.Name(record.Outage!.Kind)} outage: the {side}'s traffic stopped getting through", out written),
            EventKind.OutageEnd => destination.TryWrite(Invariant, $"{OutageNames.Name(record.Outage!.EndedBy)} after {record.Outage.DurationSeconds:0.000} s ({OutageText.Backoff(record.Outage)})", out written),
            _ => FormatAnalysis(record, destination, out written),
        };
        return ok ? written : 0;
    }

    private static bool FormatAnalysis(in EventRecord record, Span<char> destination, out int written)
    {
        switch (record.Flag)
        {
            case AnalysisFlags.Retransmission:
            case AnalysisFlags.FastRetransmission:
            case AnalysisFlags.SpuriousRetransmission:
            case AnalysisFlags.OutOfOrder:
                return record.RelatedFrame > 0
                    ? destination.TryWrite(Invariant, $"seq {record.RelativeSeq} len {record.PayloadLength}, first sent in frame {TraceFrame.Number(record.RelatedFrame)}, {record.DelayNs / 1e9:0.000} s earlier", out written)
                    : destination.TryWrite(Invariant, $"seq {record.RelativeSeq} len {record.PayloadLength}", out written);
            case AnalysisFlags.LostSegment:
                return destination.TryWrite(Invariant, $"{record.Number} {(record.Number == 1 ? "byte" : "bytes")} not captured before seq {record.RelativeSeq}", out written);
            case AnalysisFlags.AckLostSegment:
                return destination.TryWrite(Invariant, $"acknowledges up to {record.Number}, beyond the data captured", out written);
            case AnalysisFlags.DuplicateAck:
                return destination.TryWrite(Invariant, $"#{record.Number} of frame {TraceFrame.Number(record.RelatedFrame)}", out written);
            case AnalysisFlags.WindowUpdate:
                return destination.TryWrite(Invariant, $"window {record.Number}", out written);
            case AnalysisFlags.ReusedPorts:
                return destination.TryWrite(Invariant, $"new connection on the ports of stream {record.Number}", out written);
            case AnalysisFlags.ZeroWindow:
                return destination.TryWrite(Invariant, $"the {OutageText.Side(record.FromClient)} cannot receive more", out written);
            case AnalysisFlags.ZeroWindowProbe:
                return destination.TryWrite(Invariant, $"seq {record.RelativeSeq}: probing a zero window", out written);
            case AnalysisFlags.WindowFull:
                return destination.TryWrite(Invariant, $"seq {record.RelativeSeq} len {record.PayloadLength} fills the receiver's window", out written);
            default:
                written = 0;
                return true;
        }
    }
}
