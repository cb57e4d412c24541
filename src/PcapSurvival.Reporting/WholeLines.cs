namespace PcapSurvival.Reporting;

/// <summary>
/// Cuts an output file back to its last whole line, after a write failed in the middle of one (a full disk). Our
/// CSV rows and JSON lines hold no raw newline (file names are escaped before they reach them), so the last newline
/// ends the last whole row.
/// </summary>
public static class WholeLines
{
    private const int Chunk = 1 << 16;

    /// <summary>Best effort: a file that cannot be opened or cut is left as it is.</summary>
    public static void CutAfterLastLine(string path)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, bufferSize: 1);
            var buffer = new byte[Chunk];
            long end = file.Length;
            while (end > 0)
            {
                int length = (int)Math.Min(Chunk, end);
                file.Position = end - length;
                file.ReadExactly(buffer, 0, length);
                int last = buffer.AsSpan(0, length).LastIndexOf((byte)'\n');
                if (last >= 0)
                {
                    file.SetLength(end - length + last + 1);
                    return;
                }

                end -= length;
            }

            file.SetLength(0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing better to do: the error message still names the file as incomplete.
        }
    }
}
