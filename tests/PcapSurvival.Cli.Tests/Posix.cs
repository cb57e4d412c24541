using System.ComponentModel;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace PcapSurvival.Cli.Tests;

/// <summary>The libc calls the signal and pipe tests need: real signals, FIFOs, and how much a pipe still holds.</summary>
internal static partial class Posix
{
    public const int SIGINT = 2;
    public const int SIGTERM = 15;
    private const nuint FionRead = 0x541B;
    private const int Esrch = 3;

    public static bool IsRoot => geteuid() == 0;

    public static void Signal(int pid, int signal)
    {
        // ESRCH: the process has already exited (a fast stop after a first signal): there is nothing left to signal.
        if (kill(pid, signal) != 0 && Marshal.GetLastPInvokeError() != Esrch)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), $"kill {pid}");
        }
    }

    public static void MakeFifo(string path)
    {
        if (mkfifo(path, Convert.ToUInt32("600", 8)) != 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), $"mkfifo {path}");
        }
    }

    /// <summary>Bytes written into a pipe or FIFO and not read yet (FIONREAD works on either end on Linux).</summary>
    public static int Unread(SafeFileHandle pipe)
    {
        if (ioctl((int)pipe.DangerousGetHandle(), FionRead, out int count) != 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "ioctl FIONREAD");
        }

        return count;
    }

    /// <summary>CPU time a process has used so far, user and system, in clock ticks (/proc/PID/stat, fields 14 and 15).</summary>
    public static long CpuTicks(int pid)
    {
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' '); // after "pid (comm) ": the state is field 3
        return long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int mkfifo(string path, uint mode);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int ioctl(int fd, nuint request, out int count);

    [LibraryImport("libc")]
    private static partial uint geteuid();
}
