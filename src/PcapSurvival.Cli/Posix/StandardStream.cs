namespace PcapSurvival.Cli.Posix;

/// <summary>
/// What stdin, stdout or stderr really is. Started with one of them closed (<c>&lt;&amp;-</c>, <c>&gt;&amp;-</c>), the
/// process finds that descriptor reused: the runtime opens a pipe of its own before Main, and the lowest free numbers
/// go first. Reading "stdin" would then read the runtime's pipe, so a descriptor counts as closed when it is
/// missing, opened the wrong way round (stdout read-only), or one end of a pipe whose other end this process holds
/// too (a real stdin pipe's writer is another process). The runtime keeps copies of 0, 1 and 2 (same end, same
/// pipe or file), which are not a sign of anything.
/// </summary>
internal static class StandardStream
{
    private const string Descriptors = "/proc/self/fd";
    private const int ReadOnly = 0;
    private const int WriteOnly = 1;

    /// <summary>Whether descriptor 0, 1 or 2 is what the process was started with. True where /proc cannot tell.</summary>
    public static bool IsOpen(int descriptor, bool forWriting)
    {
        if (!OperatingSystem.IsLinux() || !Directory.Exists(Descriptors))
        {
            return true;
        }

        string? target = Target(descriptor);
        if (target is null)
        {
            return false;
        }

        int? mode = AccessMode(descriptor);
        if (mode is null || mode == (forWriting ? ReadOnly : WriteOnly))
        {
            return false;
        }

        if (!target.StartsWith("pipe:", StringComparison.Ordinal))
        {
            return true;
        }

        foreach (string entry in Directory.EnumerateFileSystemEntries(Descriptors))
        {
            if (int.TryParse(Path.GetFileName(entry), out int other) && other != descriptor && Target(other) == target && AccessMode(other) != mode)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether the descriptor is a pipe or a socket, whose reader can go away.</summary>
    public static bool IsPipeOrSocket(int descriptor) =>
        Target(descriptor) is { } target && (target.StartsWith("pipe:", StringComparison.Ordinal) || target.StartsWith("socket:", StringComparison.Ordinal));

    private static string? Target(int descriptor)
    {
        try
        {
            return new FileInfo($"{Descriptors}/{descriptor}").LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The access mode in /proc/self/fdinfo: O_RDONLY 0, O_WRONLY 1, O_RDWR 2; null if it cannot be read.</summary>
    private static int? AccessMode(int descriptor)
    {
        try
        {
            foreach (string line in File.ReadLines($"/proc/self/fdinfo/{descriptor}"))
            {
                if (line.StartsWith("flags:", StringComparison.Ordinal))
                {
                    return (int)(Convert.ToInt64(line["flags:".Length..].Trim(), 8) & 3);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }

        return null;
    }
}
