using PcapSurvival.Testing;

namespace PcapSurvival.Cli.Tests;

/// <summary>The README's install: dotnet pack makes a .NET tool package, and dotnet tool install puts a working pcapsurvival on the path.</summary>
public class DotnetToolTests
{
    [Fact]
    public void Pack_ThenToolInstall_GivesAWorkingCommand()
    {
        using var temp = new TempDirectory();
        string sources = temp.File("repository");
        SourceCopy.Make(CliRun.RepositoryRoot, sources);
        string packages = temp.File("packages");
        Tools.Run("dotnet", ["pack", Path.Combine(sources, "src", "PcapSurvival.Cli"), "-c", "Release", "-o", packages, "--nologo"], timeoutMs: 900_000);
        string package = Assert.Single(Directory.GetFiles(packages, "*.nupkg"));
        Assert.StartsWith("pcapsurvival.", Path.GetFileName(package), StringComparison.Ordinal);

        // A tool path of its own, and a NuGet cache of its own: an older package of the same version must not be used.
        string toolPath = temp.File("tools");
        var install = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { "tool", "install", "--tool-path", toolPath, "--add-source", packages, "pcapsurvival" })
        {
            install.ArgumentList.Add(argument);
        }

        install.Environment["NUGET_PACKAGES"] = temp.File("nuget-cache");
        using (var process = System.Diagnostics.Process.Start(install)!)
        {
            string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            Assert.True(process.WaitForExit(600_000), "dotnet tool install did not finish");
            Assert.True(process.ExitCode == 0, output);
        }

        string version = Tools.Run(Path.Combine(toolPath, "pcapsurvival"), ["--version"]).Trim();
        Assert.Matches(@"^\d+\.\d+\.\d+", version);
        string report = Tools.Run(Path.Combine(toolPath, "pcapsurvival"), ["analyze", CliRun.ShippedCapture("ssh-died-retries.pcap")]);
        Assert.Contains("SSH sessions: 1 died", report, StringComparison.Ordinal);
    }
}
