namespace PcapSurvival.Core.Reading;

/// <summary>
/// A stream another process writes at its own pace (a pipe, FIFO or terminal: <c>tcpdump -w - |</c>), which can say
/// whether more data is at hand without waiting for it indefinitely. The file analysis uses it to hand over the
/// packets read so far when the writer goes quiet, instead of holding them until the input resumes or ends.
/// </summary>
public interface IPacedStream
{
    /// <summary>Waits at most <paramref name="patience"/> for data; false when none came (the writer is quiet).</summary>
    bool WaitForData(TimeSpan patience);
}
