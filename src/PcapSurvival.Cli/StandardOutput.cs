using System.Text;
using Microsoft.Win32.SafeHandles;
using PcapSurvival.Cli.Posix;

namespace PcapSurvival.Cli;

/// <summary>
/// Stdout as this tool writes it. .NET's console stream drops EPIPE, so <c>analyze big.pcap | head -1</c> would
/// analyse to the end for nobody: on a pipe or socket, stdout is written through a plain stream that reports it, and
/// a thread waits for the reader to go away, so the command stops at once even while it has nothing to write.
/// </summary>
internal static class StandardOutput
{
    private const int BrokenPipeErrno = 32; // EPIPE, the HResult of .NET's IOException for it

    private static bool _isPipe;

    /// <summary>False when the process was started with stdout closed (<c>&gt;&amp;-</c>).</summary>
    public static bool IsOpen { get; private set; } = true;

    /// <summary>Sets up <see cref="Console.Out"/>; to be called first thing, before anything is written or opened.</summary>
    public static void SetUp()
    {
        IsOpen = StandardStream.IsOpen(1, forWriting: true);
        if (!IsOpen)
        {
            // Never write into whatever reused descriptor 1.
            Console.SetOut(TextWriter.Null);
            return;
        }

        // Only pipes and sockets: a regular file may be shared with stderr (2>&1), and a stream of its own would
        // write at its own offset over stderr's lines.
        _isPipe = OperatingSystem.IsLinux() && StandardStream.IsPipeOrSocket(1);
        if (_isPipe)
        {
            Console.SetOut(new StreamWriter(Open(), new UTF8Encoding(false), 1 << 12) { AutoFlush = true });
            new Thread(WatchReader) { IsBackground = true, Name = "pcapsurvival stdout watcher" }.Start();
        }
    }

    /// <summary>A stream onto stdout that reports a closed pipe; disposing it leaves stdout open.</summary>
    public static Stream Open() =>
        _isPipe ? new FileStream(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 0) : Console.OpenStandardOutput();

    /// <summary>Whether a write failed because nobody reads stdout any more (then the command stops quietly).</summary>
    public static bool IsBrokenPipe(Exception e)
    {
        if (e is IOException && (e.HResult == BrokenPipeErrno || ProcessStop.Reason == StopReason.BrokenPipe))
        {
            ProcessStop.Request(StopReason.BrokenPipe);
            return true;
        }

        return false;
    }

    private static void WatchReader()
    {
        if (Libc.WaitUntilPeerGone(1))
        {
            ProcessStop.Request(StopReason.BrokenPipe);
        }
    }
}
