using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using PcapSurvival.Cli.Posix;

namespace PcapSurvival.Cli.Input;

/// <summary>
/// Opens what <c>analyze</c> reads: a file by its name's bytes, or stdin. Opening and reading anything but a regular
/// file listen to the stop request: a FIFO with no writer blocks in open, a quiet pipe in read.
/// </summary>
internal static class CaptureInput
{
    /// <summary>Whether stdin was open when the process started (see <see cref="StandardStream"/>), checked at startup:
    /// a file opened later may take descriptor 0 if it was closed.</summary>
    private static bool _stdinOpen = true;

    public static void CheckStdinAtStart() => _stdinOpen = StandardStream.IsOpen(0, forWriting: false);

    /// <summary>How a command-line name is shown: escaped, with the bytes that are not UTF-8 as \xHH.</summary>
    public static string DisplayName(string argument) =>
        RawArguments.BytesOf(argument) is { } bytes ? DisplayText.OfBytes(bytes) : DisplayText.Escape(argument);

    /// <exception cref="IOException">The file cannot be opened, or stdin is closed.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be opened.</exception>
    /// <exception cref="OperationCanceledException">A stop was requested while the open waited (a FIFO).</exception>
    public static Stream Open(string argument, CancellationToken cancellation)
    {
        if (argument == "-")
        {
            if (!_stdinOpen)
            {
                throw new IOException("standard input is closed");
            }

            return new InterruptibleStream(Console.OpenStandardInput(1 << 16), cancellation);
        }

        byte[]? bytes = RawArguments.BytesOf(argument);
        var opening = Task.Run(() => OpenFile(argument, bytes), CancellationToken.None);
        try
        {
            Task.WaitAny([opening], cancellation);
        }
        catch (OperationCanceledException)
        {
            opening.ContinueWith(t => t.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            throw;
        }

        var stream = opening.GetAwaiter().GetResult();
        return stream.CanSeek ? stream : new InterruptibleStream(stream, cancellation);
    }

    private static FileStream OpenFile(string path, byte[]? bytes)
    {
        if (bytes is null)
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, FileOptions.SequentialScan);
        }

        int descriptor = Libc.OpenForReading(bytes);
        if (descriptor < 0)
        {
            throw new IOException(Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError()));
        }

        return new FileStream(new SafeFileHandle(descriptor, ownsHandle: true), FileAccess.Read, bufferSize: 1);
    }
}
