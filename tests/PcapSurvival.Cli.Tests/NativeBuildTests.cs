using System.Runtime.InteropServices;
using PcapSurvival.Testing;

namespace PcapSurvival.Cli.Tests;

/// <summary>
/// dotnet publish -r linux-x64 makes a Native AOT executable, the one the README's performance figures are for. It
/// must say exactly what the JIT build says: reflection or trimming differences would show here.
/// </summary>
public class NativeBuildTests
{
    private static readonly bool CanPublishNative =
        RuntimeInformation.IsOSPlatform(OSPlatform.Linux) && RuntimeInformation.OSArchitecture == Architecture.X64
        && File.Exists("/usr/include/zlib.h") && ClangIsInstalled();

    [Fact]
    public void NativeExecutable_WritesWhatTheJitBuildWrites()
    {
        Assert.SkipUnless(CanPublishNative, "publishing with Native AOT needs linux-x64, clang and zlib1g-dev (apt-get install clang zlib1g-dev); CI installs them");
        using var temp = new TempDirectory();
        string native = Publish(temp);

        Assert.True(File.Exists(native), "no executable published");
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(native)!, "pcapsurvival.dll")), "published IL, not a native executable");
        Assert.Equal("\u007fELF"u8.ToArray(), File.ReadAllBytes(native)[..4]);

        string[] captures = [.. Directory.GetFiles(Path.Combine(CliRun.RepositoryRoot, "captures"), "*.pcap").Order()];
        string[][] commands =
        [
            ["analyze", .. captures],
            ["analyze", "--max-rows", "1", .. captures],
            ["analyze", "--json", "-", "--min-outage", "0.5", .. captures],
            ["analyze", "--csv", temp.File("csv-{0}"), "--plot", temp.File("plot-{0}"), "--parquet", temp.File("parquet-{0}"), captures[0]],
            ["analyze", "-f", "tcp port 22", captures[^1]],
            ["analyze", temp.File("missing.pcap")],
            ["explain", "retransmission"],
            ["--help"],
        ];
        foreach (string[] command in commands)
        {
            var jit = CliRun.Run(command.Select(a => string.Format(System.Globalization.CultureInfo.InvariantCulture, a, "jit")));
            var nat = CliRun.Run(command.Select(a => string.Format(System.Globalization.CultureInfo.InvariantCulture, a, "native")), executable: native);
            Assert.Equal(jit, nat);
        }

        foreach (string file in new[] { "csv-jit", "plot-jit", "parquet-jit" }.SelectMany(d => Directory.GetFiles(temp.File(d))))
        {
            string twin = file.Replace("-jit", "-native", StringComparison.Ordinal);
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(twin));
        }
    }

    /// <summary>Publishes a copy of the sources (not this checkout: its build output is in use by this test run).</summary>
    private static string Publish(TempDirectory temp)
    {
        string sources = temp.File("repository");
        SourceCopy.Make(CliRun.RepositoryRoot, sources);
        string output = temp.File("published");
        Tools.Run("dotnet", ["publish", Path.Combine(sources, "src", "PcapSurvival.Cli"), "-c", "Release", "-r", "linux-x64", "-o", output, "--nologo"], timeoutMs: 900_000);
        return Path.Combine(output, "pcapsurvival");
    }

    private static bool ClangIsInstalled() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Where(Directory.Exists)
            .SelectMany(dir => Directory.EnumerateFiles(dir, "clang*"))
            .Any(path => Path.GetFileName(path) is var name && (name == "clang" || (name.StartsWith("clang-", StringComparison.Ordinal) && name[6..].All(char.IsAsciiDigit))));
}
