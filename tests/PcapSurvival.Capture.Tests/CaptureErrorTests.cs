using PcapSurvival.Capture.Tests.Infrastructure;

namespace PcapSurvival.Capture.Tests;

/// <summary>Every capture error is one line on stderr with a distinct exit code.</summary>
public class CaptureErrorTests
{
    [Fact]
    public async Task PermissionDenied_AsNobody_Exits3WithTheSetcapLine()
    {
        Requirements.NetworkLab();
        Requirements.Tool("setpriv", "util-linux");
        using var lab = NetworkLab.Pair();
        using var temp = new TempDirectory();
        string app = CopyOfTheCliReadableByAll(temp);

        var capture = lab.StartCliUnprivileged(lab.Client, Path.Combine(app, "pcapsurvival.dll"), "capture", "-i", lab.ClientInterface, "--duration", "2s");

        Assert.Equal(3, await capture.WaitForExitAsync());
        string error = SingleLine(capture.Stderr);
        Assert.Contains($"permission denied capturing on {lab.ClientInterface}", error, StringComparison.Ordinal);
        Assert.Contains("CAP_NET_RAW", error, StringComparison.Ordinal);
        string apphost = Path.Combine(app, "pcapsurvival");
        Assert.Contains($"setcap cap_net_raw+ep {Path.GetFullPath(apphost)}", error, StringComparison.Ordinal);
    }

    /// <summary>The advice works: with cap_net_raw on the apphost, nobody can capture.</summary>
    [Fact]
    public async Task SetcapAdvice_LetsAnUnprivilegedUserCapture()
    {
        Requirements.NetworkLab();
        Requirements.Tool("setpriv", "util-linux");
        Requirements.Tool("setcap", "libcap2-bin");
        using var lab = NetworkLab.Pair();
        using var temp = new TempDirectory();
        string app = CopyOfTheCliReadableByAll(temp);
        string apphost = Path.Combine(app, "pcapsurvival");
        using (var setcap = ChildProcess.Start(Requirements.FindOnPath("setcap")!, ["cap_net_raw+ep", apphost]))
        {
            Assert.Equal(0, await setcap.WaitForExitAsync());
        }

        var capture = lab.Start(lab.Client, Requirements.FindOnPath("setpriv")!,
            "--reuid=65534", "--regid=65534", "--clear-groups", apphost, "capture", "-i", lab.ClientInterface, "--duration", "1s");
        int exitCode = await capture.WaitForExitAsync();

        // File capabilities do nothing on a nosuid mount; then the test cannot show anything.
        Assert.SkipWhen(exitCode == 3 && MountedNosuid(apphost), $"{temp.Root} is on a nosuid mount, where file capabilities are ignored");
        Assert.True(exitCode == 0, capture.Stderr);
        Assert.Contains($"Capture on {lab.ClientInterface}:", capture.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoSuchInterface_Exits3AndListsTheInterfacesThereAre()
    {
        Requirements.NetworkLab();
        using var lab = NetworkLab.Pair();

        var capture = lab.StartCli(lab.Client, "capture", "-i", "nosuch0");

        Assert.Equal(3, await capture.WaitForExitAsync());
        string error = SingleLine(capture.Stderr);
        Assert.Contains("no such interface: nosuch0", error, StringComparison.Ordinal);
        Assert.Contains(lab.ClientInterface, error, StringComparison.Ordinal);
        Assert.Contains("lo", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InterfaceDown_Exits3()
    {
        Requirements.NetworkLab();
        using var lab = NetworkLab.Pair();
        NetworkLab.SetLink(lab.Client, lab.ClientInterface, up: false);

        var capture = lab.StartCli(lab.Client, "capture", "-i", lab.ClientInterface);

        Assert.Equal(3, await capture.WaitForExitAsync());
        Assert.Contains($"interface {lab.ClientInterface} is down", SingleLine(capture.Stderr), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadFilter_Exits1WithTheFilterAndLibpcapsMessage()
    {
        Requirements.NetworkLab();
        using var lab = NetworkLab.Pair();

        var capture = lab.StartCli(lab.Client, "capture", "-i", lab.ClientInterface, "-f", "tcp port");

        Assert.Equal(1, await capture.WaitForExitAsync());
        string error = SingleLine(capture.Stderr);
        Assert.Contains("\"tcp port\"", error, StringComparison.Ordinal);
        Assert.Contains("syntax error", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFullDiskForTheJson_IsOneLineAndExit1()
    {
        Requirements.NetworkLab();
        Assert.SkipUnless(File.Exists("/dev/full"), "needs /dev/full (Linux)");
        using var lab = NetworkLab.Pair();

        var capture = lab.StartCli(lab.Client, "capture", "-i", lab.ClientInterface, "--duration", "1s", "--json", "/dev/full");

        Assert.Equal(1, await capture.WaitForExitAsync());
        string error = Assert.Single(capture.Stderr.Split('\n'), line => line.StartsWith("pcapsurvival: ", StringComparison.Ordinal));
        Assert.Contains("cannot write the output: No space left on device", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", capture.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Interfaces_ListsEachDeviceNumberedWithItsAddresses()
    {
        Requirements.NetworkLab();
        using var lab = NetworkLab.Pair();

        var interfaces = lab.StartCli(lab.Client, "interfaces");

        Assert.Equal(0, await interfaces.WaitForExitAsync());
        var lines = interfaces.Stdout.Split('\n');
        int at = Array.FindIndex(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, $@"^\d+\. {lab.ClientInterface}\b"));
        Assert.True(at >= 0, interfaces.Stdout);
        Assert.Contains("10.231.1.1/24", lines[at + 1], StringComparison.Ordinal);
        Assert.Contains("02:00:0a:e7:01:01", lines[at + 1], StringComparison.Ordinal);
        Assert.Matches(@"^\d+\. lo \[loopback\]", lines.First(l => l.Contains(". lo", StringComparison.Ordinal)));
    }

    /// <summary>
    /// A copy of the built CLI that an unprivileged user can read and run: the checkout itself may sit in a directory
    /// only root can enter (a clone under mktemp -d is mode 700).
    /// </summary>
    private static string CopyOfTheCliReadableByAll(TempDirectory temp)
    {
        string app = Path.Combine(temp.Root, "app");
        CopyReadableByAll(Path.GetDirectoryName(Requirements.CliDll)!, app);
        File.SetUnixFileMode(temp.Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return app;
    }

    private static void CopyReadableByAll(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from))
        {
            string target = Path.Combine(to, Path.GetFileName(file));
            File.Copy(file, target);
            File.SetUnixFileMode(target, File.GetUnixFileMode(target) | UnixFileMode.OtherRead | UnixFileMode.GroupRead);
        }

        foreach (string directory in Directory.GetDirectories(from))
        {
            CopyReadableByAll(directory, Path.Combine(to, Path.GetFileName(directory)));
        }

        File.SetUnixFileMode(to, File.GetUnixFileMode(to) | UnixFileMode.OtherRead | UnixFileMode.OtherExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
    }

    private static bool MountedNosuid(string path)
    {
        string? best = null;
        string options = "";
        foreach (string line in File.ReadLines("/proc/self/mountinfo"))
        {
            var fields = line.Split(' ');
            string mountPoint = fields[4];
            if (path.StartsWith(mountPoint, StringComparison.Ordinal) && (best is null || mountPoint.Length > best.Length))
            {
                best = mountPoint;
                options = fields[5];
            }
        }

        return options.Split(',').Contains("nosuid");
    }

    private static string SingleLine(string stderr)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr, got:\n{stderr}");
        return lines[0];
    }
}
