using System.ComponentModel;
using System.Runtime.InteropServices;

namespace PcapSurvival.Capture.Tests.Infrastructure;

internal static partial class Native
{
    public const int SIGINT = 2;
    public const int SIGTERM = 15;
    private const int CloneNewNet = 0x40000000;

    /// <summary>Moves the calling thread into a network namespace (sockets it creates then live there for good).</summary>
    public static void EnterNetworkNamespace(string name)
    {
        using var handle = File.OpenHandle($"/run/netns/{name}", FileMode.Open, FileAccess.Read);
        if (setns((int)handle.DangerousGetHandle(), CloneNewNet) != 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), $"setns {name}");
        }
    }

    public static void Signal(int pid, int signal)
    {
        if (kill(pid, signal) != 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), $"kill {pid}");
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setns(int fd, int nstype);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);
}
