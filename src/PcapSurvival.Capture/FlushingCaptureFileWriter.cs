using SharpPcap.LibPcap;

namespace PcapSurvival.Capture;

/// <summary>
/// SharpPcap's pcap writer plus the <c>pcap_dump_flush</c> it does not expose. The dumper handle is a
/// protected field of <see cref="CaptureFileWriterDevice"/>, so a subclass reaches it without reflection.
/// </summary>
internal sealed class FlushingCaptureFileWriter(string path) : CaptureFileWriterDevice(path, FileMode.Create), ICaptureFileWriter
{
    /// <summary>Pushes libpcap's stdio buffer to the file, so a crash loses only what came after.</summary>
    /// <exception cref="IOException">The write failed (disk full, I/O error).</exception>
    public void Flush()
    {
        if (m_pcapDumpHandle != IntPtr.Zero && LibpcapNative.DumpFlush(m_pcapDumpHandle) != 0)
        {
            throw new IOException($"cannot write {Name}");
        }
    }
}
