using SharpPcap;
using SharpPcap.LibPcap;

namespace PcapSurvival.Capture;

/// <summary>Where a live capture writes its packets (-w): one pcap file, or a ring of them (<see cref="RotatingCaptureFileWriter"/>).</summary>
internal interface ICaptureFileWriter : IDisposable
{
    /// <summary>The file written now.</summary>
    string Name { get; }

    void Write(ReadOnlySpan<byte> data, ref PcapHeader header);

    /// <summary>Pushes what was written to the file, whole records only.</summary>
    /// <exception cref="IOException">The write failed (disk full, I/O error).</exception>
    void Flush();

    void Close();
}
