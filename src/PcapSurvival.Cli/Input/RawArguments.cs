using System.Text;

namespace PcapSurvival.Cli.Input;

/// <summary>
/// The command line's bytes. Linux file names are bytes; .NET hands Main strings, in which a byte that is not UTF-8
/// became U+FFFD, so such a file could not be opened. /proc/self/cmdline still has the bytes.
/// </summary>
internal static class RawArguments
{
    private static readonly Lazy<Dictionary<string, byte[]>> NotUtf8 = new(Read);

    /// <summary>The bytes of an argument that is not valid UTF-8, or null when its string is exact.</summary>
    public static byte[]? BytesOf(string argument) =>
        argument.Contains('\uFFFD', StringComparison.Ordinal) && NotUtf8.Value.TryGetValue(argument, out var bytes) ? bytes : null;

    private static Dictionary<string, byte[]> Read()
    {
        var found = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        byte[] commandLine;
        try
        {
            commandLine = File.ReadAllBytes("/proc/self/cmdline");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return found;
        }

        var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
        foreach (var range in commandLine.AsSpan().Split((byte)0))
        {
            byte[] argument = commandLine[range];
            try
            {
                strict.GetString(argument);
            }
            catch (DecoderFallbackException)
            {
                found.TryAdd(Encoding.UTF8.GetString(argument), argument); // the string .NET made of it
            }
        }

        return found;
    }
}
