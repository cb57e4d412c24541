using System.Runtime.InteropServices;

namespace PcapSurvival.Cli.Posix;

/// <summary>
/// The two libc calls .NET does not offer: <c>open</c> of a path given as bytes (a Linux file name need not be
/// UTF-8, and a .NET string cannot carry the others) and <c>poll</c> to hear that the reader of stdout went away.
/// </summary>
internal static partial class Libc
{
    private const int OpenReadOnlyCloseOnExec = 0x80000; // O_RDONLY | O_CLOEXEC on Linux

    /// <summary>POLLERR | POLLHUP: what poll reports, unasked, when the other end of a pipe or socket is gone.</summary>
    private const short Gone = 0x0008 | 0x0010;

    [StructLayout(LayoutKind.Sequential)]
    private struct PollDescriptor
    {
        public int Descriptor;
        public short Events;
        public short ReturnedEvents;
    }

    /// <summary>Opens a file for reading by its name's bytes.</summary>
    /// <returns>The descriptor, or -1 with <see cref="Marshal.GetLastPInvokeError"/> set.</returns>
    public static int OpenForReading(ReadOnlySpan<byte> path)
    {
        var terminated = new byte[path.Length + 1];
        path.CopyTo(terminated);
        return open(terminated, OpenReadOnlyCloseOnExec);
    }

    /// <summary>Blocks until the other end of <paramref name="descriptor"/> (a pipe or socket) is closed.</summary>
    /// <returns>False when poll cannot watch it.</returns>
    public static bool WaitUntilPeerGone(int descriptor)
    {
        var watched = new PollDescriptor { Descriptor = descriptor, Events = 0 };
        while (true)
        {
            int ready = poll(ref watched, 1, -1);
            if (ready > 0)
            {
                return (watched.ReturnedEvents & Gone) != 0;
            }

            if (ready < 0 && Marshal.GetLastPInvokeError() != 4) // EINTR: a signal came, poll again
            {
                return false;
            }
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int open(byte[] path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int poll(ref PollDescriptor descriptors, nuint count, int timeoutMs);
}
